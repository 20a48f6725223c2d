// libxml2 (Debian libxml2-dev): the EPCIS XML binding's parser and XML Schema validator (JunkanNode/EPCISXML).
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

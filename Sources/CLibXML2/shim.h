// libxml2 (Debian libxml2-dev): the EPCIS XML binding's parser and XML Schema validator (JunkanNode/EPCISXML).
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, and its encoding.h then includes the system's ICU headers, whose UErrorCode clashes
// with Foundation's own ICU (_FoundationICU) in the same Swift build. Junkan uses none of libxml2's ICU converters (only
// pointers to the structures that hold them), so this module sees libxml2 without them.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>

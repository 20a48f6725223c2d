// zlib (Debian zlib1g-dev): raw inflate of zip entries and their CRC-32 (JunkanNode/Substances/ZipReader.swift).
#include <zlib.h>

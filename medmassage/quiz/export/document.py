"""XML documents and zip packages whose bytes depend only on their content, so two exports can be diffed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from xml.etree import ElementTree as ET

#: A fixed timestamp for every zip entry (the earliest a zip file can record).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def root(tag: str, namespace: str | None = None, schema: str | None = None, **attributes: str) -> ET.Element:
    """A document's root element, declaring ``namespace`` as the default one for the whole document.

    ElementTree's own ``default_namespace`` refuses unprefixed attributes, so the declaration is written as
    an ``xmlns`` attribute: every element below is then in that namespace, without a prefix."""
    element = ET.Element(tag)
    if namespace:
        element.set("xmlns", namespace)
        if schema:
            element.set(f"{{{XSI}}}schemaLocation", f"{namespace} {schema}")
    for name, value in attributes.items():
        element.set(name, value)
    return element


def child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A sub-element. ElementTree escapes ``text`` and attribute values as XML."""
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def to_bytes(element: ET.Element) -> bytes:
    """UTF-8 XML with a declaration, indented two spaces (text-only elements keep their text as it is)."""
    ET.indent(element, space="  ")
    return ET.tostring(element, encoding="UTF-8", xml_declaration=True) + b"\n"


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """A zip of ``files`` in the given order, with fixed timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3  # Unix, wherever the export runs
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()

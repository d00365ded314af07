"""What the KoSIT validator daemon answers besides a report: names, status codes, health, config.

The facts come from the KoSIT validator 1.6.3 daemon (``Daemon.java`` and its handlers, as
summarised in ``../shared/reference/kosit-validator-1.6.3-docs/ROUTES.md`` and ``daemon.md``):
the last path segment names the input, ``/`` gets ``supplied_instance_N``; 200 acceptable, 406
not acceptable, 422 processing failed; ``/server/health`` is a ``<health>`` document of
``daemon.xsd``; ``/server/config`` is the scenario configuration as XML.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from urllib.parse import unquote

from lxml import etree

from einvoice_cli.batch.worker import resident_bytes
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.core.version import tool_version
from einvoice_cli.rulepacks.catalog import Catalog

DAEMON_NS = "http://www.xoev.de/de/validator/framework/1/daemon"
SCENARIOS_NS = "http://www.xoev.de/de/validator/framework/1/scenarios"

STATUS_OF_VERDICT = {Verdict.ACCEPT: 200, Verdict.REJECT: 406, Verdict.ERROR: 422}
"""The KoSIT daemon's status for a report: acceptable, not acceptable, processing failed."""


class InputNames:
    """Names inputs as the KoSIT daemon does: the last path segment, else a generated one."""

    def __init__(self) -> None:
        self._numbers: Iterator[int] = itertools.count(1)

    def name(self, path: str) -> str:
        """The input's name for a request path (``/mypath/myfile.xml`` -> ``myfile.xml``)."""
        segment = unquote(path.rstrip("/").rpartition("/")[2])
        # A name is only a label in the report: nothing is read or written under it.
        segment = segment.replace("\\", "_").strip()
        if segment in ("", ".", ".."):
            return f"supplied_instance_{next(self._numbers)}"
        return segment


def health_xml(up: bool) -> bytes:
    """The ``/server/health`` document (``daemon.xsd``): status, application, memory."""
    root = etree.Element(f"{{{DAEMON_NS}}}health", nsmap={None: DAEMON_NS})
    etree.SubElement(root, f"{{{DAEMON_NS}}}status").text = "UP" if up else "DOWN"
    application = etree.SubElement(root, f"{{{DAEMON_NS}}}application")
    etree.SubElement(application, f"{{{DAEMON_NS}}}name").text = "einvoice-cli"
    etree.SubElement(application, f"{{{DAEMON_NS}}}version").text = tool_version()
    etree.SubElement(application, f"{{{DAEMON_NS}}}build").text = tool_version()
    memory = etree.SubElement(root, f"{{{DAEMON_NS}}}memory")
    # A JVM reports its heap; the nearest facts of this process are its resident memory and
    # the machine's memory.
    resident = resident_bytes() or 0
    total = _physical_memory()
    etree.SubElement(memory, f"{{{DAEMON_NS}}}freeMemory").text = str(max(total - resident, 0))
    etree.SubElement(memory, f"{{{DAEMON_NS}}}maxMemory").text = str(total)
    etree.SubElement(memory, f"{{{DAEMON_NS}}}totalMemory").text = str(resident)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def config_xml(catalog: Catalog) -> bytes:
    """The scenarios the service validates with, in the shape of KoSIT's ``scenarios.xml``.

    Resources are named by our rule references (``PACK@VERSION:ARTIFACT``): the official
    files behind them are declared in ``rules/packs.toml`` by URL and sha256.
    """
    root = etree.Element(f"{{{SCENARIOS_NS}}}scenarios", nsmap={None: SCENARIOS_NS})
    root.set("frameworkVersion", "1.0.0")
    etree.SubElement(root, f"{{{SCENARIOS_NS}}}name").text = "einvoice-cli scenarios"
    for configuration in catalog.configurations:
        for scenario in configuration.scenarios:
            element = etree.SubElement(root, f"{{{SCENARIOS_NS}}}scenario")
            etree.SubElement(element, f"{{{SCENARIOS_NS}}}name").text = scenario.name
            for prefix, uri in sorted(scenario.namespaces.items()):
                namespace = etree.SubElement(element, f"{{{SCENARIOS_NS}}}namespace")
                namespace.set("prefix", prefix)
                namespace.text = uri
            etree.SubElement(element, f"{{{SCENARIOS_NS}}}match").text = scenario.match
            _resource(element, "validateWithXmlSchema", str(scenario.xsd), str(scenario.xsd))
            for step in scenario.schematron:
                _resource(element, "validateWithSchematron", step.name, str(step.rules))
            report = etree.SubElement(element, f"{{{SCENARIOS_NS}}}createReport")
            for rule, severity in sorted(scenario.custom_levels.items()):
                level = etree.SubElement(report, f"{{{SCENARIOS_NS}}}customLevel")
                level.set("level", severity.value)
                level.text = rule
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _resource(parent: etree._Element, tag: str, name: str, location: str) -> None:
    step = etree.SubElement(parent, f"{{{SCENARIOS_NS}}}{tag}")
    resource = etree.SubElement(step, f"{{{SCENARIOS_NS}}}resource")
    etree.SubElement(resource, f"{{{SCENARIOS_NS}}}name").text = name
    etree.SubElement(resource, f"{{{SCENARIOS_NS}}}location").text = location

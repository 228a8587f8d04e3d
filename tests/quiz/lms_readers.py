"""Read the LMS exports back, with lxml (libxml2), not the ElementTree that wrote them.

Each reader validates the files against the RELAX NG schemas beside it (``lms_schemas/``), follows the
format's own links (Canvas: response condition -> feedback ident; Moodle: answer -> fraction) rather than
the writer's naming, and parses every HTML field with lxml's HTML parser. A field holding any element the
export should not make (a ``<script>``, an ``<img>``) fails the read. The result is plain data to compare
with the banks.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

SCHEMAS = Path(__file__).parent / "lms_schemas"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
#: No DTDs, entities or network: the files are read as data.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class ReadError(AssertionError):
    """The export is not what an LMS should be given."""


@dataclass(frozen=True)
class ReadOption:
    text: str
    correct: bool
    feedback: str
    grade: float | None = None  # Moodle's fraction, in %


@dataclass(frozen=True)
class ReadQuestion:
    id: str
    kind: str  # Canvas's question_type, or Moodle's type (multichoice-single, multichoice-multiple, truefalse)
    prompt: str
    options: tuple[ReadOption, ...]
    explanation: str
    link: str
    link_text: str


@dataclass(frozen=True)
class ReadBank:
    id: str
    title: str
    questions: tuple[ReadQuestion, ...]


def schema(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / name), PARSER))


def validate(document: etree._ElementTree | etree._Element, name: str, where: str) -> None:
    checker = schema(name)
    if not checker.validate(document):
        raise ReadError(f"{where} does not follow {name}: {checker.error_log}")


def _fragment(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


def plain_text(html: str, where: str) -> str:
    """An HTML field that must be text only: its text, or ReadError if it holds any element."""
    fragment = _fragment(html)
    if len(fragment):
        raise ReadError(f"{where}: expected text only, found <{fragment[0].tag}> in {html!r}")
    return fragment.text or ""


def _text_of(element: lxml.html.HtmlElement, html: str, where: str) -> str:
    if len(element):
        raise ReadError(f"{where}: expected text only, found <{element[0].tag}> in {html!r}")
    return element.text or ""


def paragraph(html: str, where: str) -> str:
    """An HTML field that must be one paragraph of text."""
    fragment = _fragment(html)
    if fragment.text or len(fragment) != 1 or fragment[0].tag != "p" or fragment[0].tail or fragment[0].attrib:
        raise ReadError(f"{where}: expected one <p>, got {html!r}")
    return _text_of(fragment[0], html, where)


def general_feedback(html: str, where: str) -> tuple[str, str, str]:
    """Explanation paragraph, then a paragraph with one link: (explanation, href, link text)."""
    fragment = _fragment(html)
    first, second = (fragment[0], fragment[1]) if len(fragment) == 2 else (None, None)
    if fragment.text or first is None or first.tag != "p" or second.tag != "p" or first.tail or second.tail:
        raise ReadError(f"{where}: expected two paragraphs, got {html!r}")
    explanation = _text_of(first, html, where)
    if second.text or [child.tag for child in second] != ["a"] or second[0].tail:
        raise ReadError(f"{where}: expected a paragraph holding one link, got {html!r}")
    link = second[0]
    if set(link.attrib) != {"href"}:
        raise ReadError(f"{where}: the link has more than an href: {html!r}")
    return explanation, link.get("href"), _text_of(link, html, where)


# --- Canvas: the QTI content package ---------------------------------------------------------------


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _one(element: etree._Element, path: str, where: str) -> etree._Element:
    found = element.findall(path, {"q": QTI})
    if len(found) != 1:
        raise ReadError(f"{where}: expected one {path}, found {len(found)}")
    return found[0]


def _mattext(material_parent: etree._Element, where: str) -> str:
    mattext = _one(material_parent, "q:material/q:mattext", where)
    if mattext.get("texttype") != "text/html":
        raise ReadError(f"{where}: mattext is {mattext.get('texttype')!r}, not text/html")
    return mattext.text or ""


def read_canvas_item(item: etree._Element) -> ReadQuestion:
    qid = item.get("ident")
    where = f"item {qid}"
    metadata = {
        field.findtext("q:fieldlabel", namespaces={"q": QTI}): field.findtext("q:fieldentry", namespaces={"q": QTI})
        for field in item.findall("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", {"q": QTI})
    }
    presentation = _one(item, "q:presentation", where)
    prompt = paragraph(_mattext(presentation, f"{where} prompt"), f"{where} prompt")
    response = _one(presentation, "q:response_lid", where)
    labels = response.findall("q:render_choice/q:response_label", {"q": QTI})
    idents = [label.get("ident") for label in labels]
    labels_by_ident = dict(zip(idents, labels, strict=True))
    if len(set(idents)) != len(idents):
        raise ReadError(f"{where}: two options share an ident")
    if metadata.get("original_answer_ids", "").split(",") != idents:
        raise ReadError(f"{where}: original_answer_ids {metadata.get('original_answer_ids')!r} != {idents}")
    texts = {
        ident: plain_text(_mattext(label, f"{where} option"), f"{where} option")
        for ident, label in labels_by_ident.items()
    }

    feedbacks = {}
    for feedback in item.findall("q:itemfeedback", {"q": QTI}):
        if feedback.get("ident") in feedbacks:
            raise ReadError(f"{where}: two itemfeedback elements are {feedback.get('ident')!r}")
        feedbacks[feedback.get("ident")] = _mattext(_one(feedback, "q:flow_mat", where), f"{where} feedback")

    shown_always: list[str] = []
    shown_for: dict[str, list[str]] = {ident: [] for ident in idents}
    scoring = []
    resprocessing = _one(item, "q:resprocessing", where)
    for condition in resprocessing.findall("q:respcondition", {"q": QTI}):
        tests = list(_one(condition, "q:conditionvar", where))
        shown = [d.get("linkrefid") for d in condition.findall("q:displayfeedback", {"q": QTI})]
        for linkrefid in shown:
            if linkrefid not in feedbacks:
                raise ReadError(f"{where}: displayfeedback {linkrefid!r} has no itemfeedback")
        setvars = condition.findall("q:setvar", {"q": QTI})
        if setvars:
            if [(s.get("varname"), s.get("action"), s.text) for s in setvars] != [("SCORE", "Set", "100")]:
                raise ReadError(f"{where}: unexpected scoring {[etree.tostring(s) for s in setvars]}")
            if condition.get("continue") != "No":
                raise ReadError(f"{where}: the scoring condition must stop processing")
            scoring.append(tests)
            continue
        if condition.get("continue") != "Yes":
            raise ReadError(f"{where}: a feedback condition must let processing continue")
        if len(tests) == 1 and tests[0].tag == _q("other"):
            shown_always += shown
        elif len(tests) == 1 and tests[0].tag == _q("varequal") and tests[0].get("respident") == response.get("ident"):
            if tests[0].text not in shown_for:
                raise ReadError(f"{where}: feedback for unknown option {tests[0].text!r}")
            shown_for[tests[0].text] += shown
        else:
            raise ReadError(f"{where}: unexpected condition {etree.tostring(condition)!r}")

    correct = _correct_options(scoring, idents, response.get("ident"), where)
    if metadata.get("question_type") == "multiple_answers_question":
        expected_cardinality = "Multiple"
    else:
        expected_cardinality = "Single"
        if len(correct) != 1:
            raise ReadError(f"{where}: a single-answer question scores {sorted(correct)}")
    if response.get("rcardinality", "Single") != expected_cardinality:
        raise ReadError(f"{where}: rcardinality {response.get('rcardinality')!r} for {metadata.get('question_type')}")
    if len(shown_always) != 1:
        raise ReadError(f"{where}: expected one general feedback, found {shown_always}")
    explanation, link, link_text = general_feedback(feedbacks[shown_always[0]], f"{where} general feedback")
    options = []
    for ident in idents:
        if len(shown_for[ident]) != 1:
            raise ReadError(f"{where}: option {ident} shows {len(shown_for[ident])} feedbacks")
        feedback = plain_text(feedbacks[shown_for[ident][0]], f"{where} option feedback")
        options.append(ReadOption(texts[ident], ident in correct, feedback))
    return ReadQuestion(qid, metadata.get("question_type", ""), prompt, tuple(options), explanation, link, link_text)


def _correct_options(scoring: list[list[etree._Element]], idents: list[str], respident: str, where: str) -> set[str]:
    """The options that full marks need: one varequal, or an <and> naming every option once (wrong ones in <not>)."""
    if len(scoring) != 1 or len(scoring[0]) != 1:
        raise ReadError(f"{where}: expected one scoring condition with one test")
    (test,) = scoring[0]

    def option(varequal: etree._Element) -> str:
        if varequal.tag != _q("varequal") or varequal.get("respident") != respident or varequal.text not in idents:
            raise ReadError(f"{where}: unexpected scoring test {etree.tostring(varequal)!r}")
        return varequal.text

    if test.tag == _q("varequal"):
        return {option(test)}
    if test.tag != _q("and"):
        raise ReadError(f"{where}: unexpected scoring test {etree.tostring(test)!r}")
    required, excluded = [], []
    for part in test:
        if part.tag == _q("not"):
            (inner,) = list(part)
            excluded.append(option(inner))
        else:
            required.append(option(part))
    if sorted(required + excluded) != sorted(idents):
        raise ReadError(f"{where}: the scoring test must name every option once: {required} and not {excluded}")
    return set(required)


def read_canvas(data: bytes) -> dict[str, ReadBank]:
    """The package's assessments, by ident. Checks the manifest lists exactly the assessment files in the zip."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    if archive.testzip() is not None:
        raise ReadError("the zip has a corrupt entry")
    names = archive.namelist()
    if len(set(names)) != len(names) or "imsmanifest.xml" not in names:
        raise ReadError(f"the zip must hold imsmanifest.xml and no name twice: {names}")
    manifest = etree.fromstring(archive.read("imsmanifest.xml"), PARSER)
    validate(manifest, "ims-content-package.rng", "imsmanifest.xml")
    resources = manifest.findall("m:resources/m:resource", {"m": MANIFEST})
    identifiers = [resource.get("identifier") for resource in resources]
    if len(set(identifiers)) != len(identifiers):
        raise ReadError(f"two manifest resources share an identifier: {identifiers}")
    listed = []
    banks: dict[str, ReadBank] = {}
    for resource in resources:
        if resource.get("type") != "imsqti_xmlv1p2":
            raise ReadError(f"resource {resource.get('identifier')} is {resource.get('type')!r}")
        files = [file.get("href") for file in resource.findall("m:file", {"m": MANIFEST})]
        if len(files) != 1 or files[0] not in names:
            raise ReadError(f"resource {resource.get('identifier')} lists {files}, not one file in the zip")
        listed.append(files[0])
        document = etree.fromstring(archive.read(files[0]), PARSER)
        validate(document, "qti-1.2-items.rng", files[0])
        assessment = document.find(_q("assessment"))
        items = assessment.findall("q:section/q:item", {"q": QTI})
        ident = assessment.get("ident")
        if ident in banks:
            raise ReadError(f"two assessments are {ident!r}")
        banks[ident] = ReadBank(ident, assessment.get("title"), tuple(read_canvas_item(item) for item in items))
    unlisted = sorted(set(names) - set(listed) - {"imsmanifest.xml"})
    if unlisted:
        raise ReadError(f"files in the zip that the manifest does not list: {unlisted}")
    return banks


# --- Moodle: Moodle XML ----------------------------------------------------------------------------


def _text(element: etree._Element, path: str, where: str, fmt: str | None = "html") -> str:
    field = element.find(path)
    if field is None:
        raise ReadError(f"{where}: no {path}")
    if fmt is not None and field.get("format") != fmt:
        raise ReadError(f"{where}: {path} is format {field.get('format')!r}, not {fmt}")
    return field.findtext("text") or ""


def read_moodle_question(element: etree._Element) -> ReadQuestion:
    qid = element.findtext("idnumber")
    where = f"question {qid}"
    name = _text(element, "name", where, fmt=None)
    if name != qid:
        raise ReadError(f"{where}: name {name!r} is not the idnumber")
    prompt = paragraph(_text(element, "questiontext", where), f"{where} prompt")
    explanation, link, link_text = general_feedback(_text(element, "generalfeedback", where), where)
    answers = element.findall("answer")
    grades = [float(answer.get("fraction")) for answer in answers]
    feedbacks = [plain_text(_text(answer, "feedback", where), f"{where} feedback") for answer in answers]
    if element.get("type") == "truefalse":
        kind = "truefalse"
        if [answer.findtext("text") for answer in answers] != ["true", "false"]:
            raise ReadError(f"{where}: a truefalse question answers 'true' then 'false'")
        if sorted(grades) != [0, 100]:
            raise ReadError(f"{where}: truefalse grades {grades}")
        texts = ["True", "False"]
    else:
        single = element.findtext("single") == "true"
        kind = f"multichoice-{'single' if single else 'multiple'}"
        if any(answer.get("format") != "html" for answer in answers):
            raise ReadError(f"{where}: an answer is not HTML")
        texts = [plain_text(answer.findtext("text") or "", f"{where} answer") for answer in answers]
        if single and sorted(grades) != [0] * (len(grades) - 1) + [100]:
            raise ReadError(f"{where}: single-answer grades {grades}, not one 100 and the rest 0")
    options = tuple(
        ReadOption(text, grade > 0, feedback, grade)
        for text, grade, feedback in zip(texts, grades, feedbacks, strict=True)
    )
    return ReadQuestion(qid, kind, prompt, options, explanation, link, link_text)


def read_moodle(data: bytes) -> dict[str, ReadBank]:
    """The file's categories, by idnumber, each with the questions that follow it."""
    document = etree.fromstring(data, PARSER)
    validate(document, "moodle-xml.rng", "the Moodle XML file")
    banks: dict[str, dict] = {}
    current: dict | None = None
    for element in document:
        if element.get("type") == "category":
            chapter = element.findtext("idnumber")
            path = _text(element, "category", f"category {chapter}", fmt=None)
            if chapter in banks or path != f"$course$/top/Medical massage/{chapter}":
                raise ReadError(f"category {chapter!r}: repeated, or its path {path!r} is not its own")
            title = paragraph(_text(element, "info", f"category {chapter}"), f"category {chapter}")
            current = banks[chapter] = {"title": title, "questions": []}
        elif current is None:
            raise ReadError("a question comes before any category")
        else:
            current["questions"].append(read_moodle_question(element))
    return {chapter: ReadBank(chapter, bank["title"], tuple(bank["questions"])) for chapter, bank in banks.items()}

"""Canvas: an IMS QTI 1.2 content package, the "QTI .zip file" that Canvas's course import reads.

One assessment per bank, at ``quiz-<chapter>/quiz-<chapter>.xml``, listed in ``imsmanifest.xml``. Items use
Canvas's ``question_type`` metadata and its response processing: each option's feedback is shown when that
option is chosen, the explanation is shown always ("general feedback"), and a multiple-answers question scores
only when every correct option, and no other, is chosen. Canvas's optional ``assessment_meta.xml`` (quiz
settings) is left out, so each course applies its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from ..models import Bank, Question, QuestionType
from .content import general_feedback_html, html_text, prompt_html
from .document import child, root, to_bytes, zip_bytes

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_SCHEMA = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
MANIFEST = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
MANIFEST_SCHEMA = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"

CANVAS_TYPES = {
    QuestionType.SINGLE: "multiple_choice_question",
    QuestionType.MULTIPLE: "multiple_answers_question",
    QuestionType.TRUE_FALSE: "true_false_question",
}
RESPONSE = "response1"
GENERAL_FEEDBACK = "general_fb"


def assessment_id(bank: Bank) -> str:
    """The assessment's ident, folder and manifest identifier (an XML name: bank ids may start with a digit)."""
    return f"quiz-{bank.chapter}"


def assessment_path(bank: Bank) -> str:
    return f"{assessment_id(bank)}/{assessment_id(bank)}.xml"


def option_id(question: Question, index: int) -> str:
    return f"{question.id}-{index + 1}"


def feedback_id(option_ident: str) -> str:
    return f"{option_ident}_fb"


def _html_material(parent: ET.Element, html: str) -> None:
    child(child(parent, "material"), "mattext", html, texttype="text/html")


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    metadata = child(parent, "qtimetadata")
    for label, entry in fields.items():
        field = child(metadata, "qtimetadatafield")
        child(field, "fieldlabel", label)
        child(field, "fieldentry", entry)


def _show_feedback(resprocessing: ET.Element, condition_ident: str | None, feedback: str) -> None:
    """Show ``feedback`` when the option ``condition_ident`` is chosen (or, for None, always)."""
    condition = child(resprocessing, "respcondition", **{"continue": "Yes"})
    test = child(condition, "conditionvar")
    if condition_ident is None:
        child(test, "other")
    else:
        child(test, "varequal", condition_ident, respident=RESPONSE)
    child(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback)


def _score(resprocessing: ET.Element, question: Question) -> None:
    """Full marks for the right answer: the correct option, or every correct option and no other."""
    condition = child(resprocessing, "respcondition", **{"continue": "No"})
    test = child(condition, "conditionvar")
    if question.type is QuestionType.MULTIPLE:
        test = child(test, "and")
        for i, option in enumerate(question.options):
            parent = test if option.correct else child(test, "not")
            child(parent, "varequal", option_id(question, i), respident=RESPONSE)
    else:
        (right,) = question.correct_indexes
        child(test, "varequal", option_id(question, right), respident=RESPONSE)
    child(condition, "setvar", "100", action="Set", varname="SCORE")


def _feedback(parent: ET.Element, ident: str, html: str) -> None:
    _html_material(child(child(parent, "itemfeedback", ident=ident), "flow_mat"), html)


def item(parent: ET.Element, question: Question, base_url: str) -> None:
    idents = [option_id(question, i) for i in range(len(question.options))]
    element = child(parent, "item", ident=question.id, title=question.id)
    _metadata(
        child(element, "itemmetadata"),
        {
            "question_type": CANVAS_TYPES[question.type],
            "points_possible": "1.0",
            "original_answer_ids": ",".join(idents),
        },
    )
    presentation = child(element, "presentation")
    _html_material(presentation, prompt_html(question))
    cardinality = "Multiple" if question.type is QuestionType.MULTIPLE else "Single"
    choices = child(child(presentation, "response_lid", ident=RESPONSE, rcardinality=cardinality), "render_choice")
    for ident, option in zip(idents, question.options, strict=True):
        _html_material(child(choices, "response_label", ident=ident), html_text(option.text))

    resprocessing = child(element, "resprocessing")
    decvar = {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"}
    child(child(resprocessing, "outcomes"), "decvar", **decvar)
    _show_feedback(resprocessing, None, GENERAL_FEEDBACK)
    for ident in idents:
        _show_feedback(resprocessing, ident, feedback_id(ident))
    _score(resprocessing, question)

    _feedback(element, GENERAL_FEEDBACK, general_feedback_html(question, base_url))
    for ident, option in zip(idents, question.options, strict=True):
        _feedback(element, feedback_id(ident), html_text(option.feedback))


def assessment(bank: Bank, base_url: str) -> bytes:
    document = root("questestinterop", QTI, QTI_SCHEMA)
    test = child(document, "assessment", ident=assessment_id(bank), title=bank.title)
    section = child(test, "section", ident="root_section")
    for question in bank.questions:
        item(section, question, base_url)
    return to_bytes(document)


def manifest(banks: Sequence[Bank]) -> bytes:
    document = root("manifest", MANIFEST, MANIFEST_SCHEMA, identifier="medmassage-quiz-banks")
    metadata = child(document, "metadata")
    child(metadata, "schema", "IMS Content")
    child(metadata, "schemaversion", "1.1.3")
    child(document, "organizations")
    resources = child(document, "resources")
    for bank in banks:
        resource = child(resources, "resource", identifier=assessment_id(bank), type="imsqti_xmlv1p2")
        child(resource, "file", href=assessment_path(bank))
    return to_bytes(document)


def package(banks: Sequence[Bank], base_url: str) -> bytes:
    """The zip: the manifest first, then one assessment per bank, in the order given."""
    files = {"imsmanifest.xml": manifest(banks)}
    files.update((assessment_path(bank), assessment(bank, base_url)) for bank in banks)
    return zip_bytes(files)

"""What the OpenAPI document adds to what drf-spectacular reads from the views, so that it
tells clients the truth (issue 21):

* text is refused when it holds a control character (the input policy,
  :mod:`trainer_registry.inputs.text`): every free-text parameter and property says so
  with a ``pattern``;
* a ``country`` parameter is a two-letter code in capitals, and a ``country`` sent in a
  request body one of the assigned ISO 3166-1 codes;
* a consent date is a day that has come (a ``pattern`` of past days);
* request bodies are JSON;
* every operation may answer 400 (input refused), 401 (no or a bad token), 403 (the
  role may not), 404 (not in reach) and 429 (too many requests), besides what it
  documents itself.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from trainer_registry.countries import ISO_COUNTRY_CODES

# Unicode's control characters (category Cc) but tab, line feed and carriage return.
_TEXT = r"[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]"
TEXT_PATTERN = f"^{_TEXT}*$"
# A value that may not be blank: spaces around it are trimmed, so it starts with a letter.
FILLED_PATTERN = rf"^[^\s\x00-\x1F\x7F-\x9F]{_TEXT}*$"

COUNTRY_PATTERN = "^[A-Z]{2}$"  # ISO 3166-1 alpha-2, as the filters read it

REFUSALS = {
    "400": "The request was refused: a value is malformed or holds a control character.",
    "401": "No token, or a token the registry does not know.",
    "403": "The caller's role may not use this endpoint.",
    "404": "Not found, or not within the caller's reach.",
    "429": "Too many requests: wait and send again.",
}


def _plain_text(schema: dict) -> None:
    if schema.get("type") == "string" and not {"pattern", "enum", "format"} & schema.keys():
        schema["pattern"] = FILLED_PATTERN if schema.get("minLength") else TEXT_PATTERN
    for nested in schema.get("properties", {}).values():
        _plain_text(nested)
    if isinstance(schema.get("items"), dict):
        _plain_text(schema["items"])


def tell_the_truth(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook (see the module's docstring)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.setdefault("schema", {})
                if parameter.get("name") == "country" and "enum" not in schema:
                    schema["pattern"] = COUNTRY_PATTERN
                if parameter.get("required") and schema.get("type") == "string":
                    schema.setdefault("minLength", 1)  # a required value is not blank
                _plain_text(schema)
            content = operation.get("requestBody", {}).get("content", {})
            for media_type in [m for m in content if m != "application/json"]:
                # Forms serve the browsable API's pages; clients send JSON (a form cannot
                # say null, so a nullable field would read as the text "null").
                del content[media_type]
            responses = operation.setdefault("responses", {})
            for status, description in REFUSALS.items():
                responses.setdefault(status, {"description": description})
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        properties = schema.get("properties", {})
        if name.endswith("Request"):
            if "country" in properties and "enum" not in properties["country"]:
                properties["country"]["enum"] = sorted(ISO_COUNTRY_CODES)
            if "consent_recorded_on" in properties:
                properties["consent_recorded_on"]["pattern"] = past_day_pattern(
                    timezone.localdate()
                )
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False  # names with control characters are refused
        _plain_text(schema)
    return result


def past_day_pattern(today: date) -> str:
    """Days the schema promises a consent date may be: from 2005 to the end of last year,
    any day up to the 28th. The registry accepts more (from the MoU of 29 October 2004 to
    today); a client that keeps to the pattern is never refused, and a day outside it is
    one to check before sending."""
    years = "|".join(str(year) for year in range(2005, today.year))
    return rf"^({years})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"


SCHEMA_SETTINGS = {
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "trainer_registry.rest_api.schema.tell_the_truth",
    ]
}

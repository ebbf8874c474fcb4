# Schemathesis hooks for the contract run. Transformation code is JavaScript: whether it compiles is a
# rule no JSON Schema can state, so a drawn `code` string is replaced by a function that compiles. The
# rest of the body stays as drawn, so every other rule of the endpoint operations is still checked.
import schemathesis

COMPILING_CODE = "function handler(webhook) { return webhook; }"


@schemathesis.hook
def map_body(ctx, body):
    if not isinstance(body, dict):
        return body
    transformation = body.get("transformation")
    if isinstance(transformation, dict) and isinstance(transformation.get("code"), str):
        body["transformation"] = {**transformation, "code": COMPILING_CODE}
    if isinstance(body.get("code"), str):
        body["code"] = COMPILING_CODE
    return body

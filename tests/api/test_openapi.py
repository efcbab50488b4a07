"""The OpenAPI document partners build clients from, the docs page, and JSON 404s for unknown paths."""

from django.test import Client

ENDPOINTS = {
    ("/api/v1/dongs", "get"),
    ("/api/v1/households", "get"),
    ("/api/v1/households", "post"),
    ("/api/v1/households/{household_id}", "get"),
    ("/api/v1/persons/{person_id}", "get"),
}


def _schema(client: Client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_lists_every_endpoint_with_bearer_security(db):
    schema = _schema(Client())
    assert schema["info"]["title"] == "찾동 API"
    assert "Authorization: Bearer" in schema["info"]["description"]
    operations = {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}
    assert set(operations) >= ENDPOINTS
    scheme_names = {
        name for name, scheme in schema["components"]["securitySchemes"].items() if scheme["scheme"] == "bearer"
    }
    assert scheme_names
    for key in ENDPOINTS:
        operation = operations[key]
        assert {next(iter(requirement)) for requirement in operation["security"]} <= scheme_names
        assert operation["tags"] and operation["summary"]
        assert {"401"} <= set(operation["responses"])


def test_openapi_documents_korean_errors_and_the_household_body(db):
    schema = _schema(Client())
    components = schema["components"]["schemas"]
    assert components["ErrorOut"]["required"] == ["detail"]
    post = schema["paths"]["/api/v1/households"]["post"]
    assert {"201", "400", "403", "422"} <= set(post["responses"])
    body = components["HouseholdIn"]
    assert {"dong", "tong", "road_address", "members"} <= set(body["required"])
    member = components["MemberIn"]["properties"]
    assert member["sex"]["enum"] == ["M", "F"]


def test_no_response_schema_can_carry_a_clear_resident_number(db):
    components = _schema(Client())["components"]["schemas"]
    inputs = {"HouseholdIn", "MemberIn"}
    for name, component in components.items():
        fields = set(component.get("properties", {}))
        assert not fields & {"rrn_hash", "rrn_encrypted"}, name
        if name not in inputs:
            assert "resident_number" not in fields, name


def test_docs_page_is_served(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_unknown_api_path_answers_json_404(db):
    response = Client().get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.json() == {"detail": "요청한 정보를 찾을 수 없습니다."}

"""django-ninja names each OpenAPI component after its class, and when two routers use different classes of
the same name it silently keeps only the last one: partners would build clients from the wrong shape (the
consult, cases and meetings routers once did exactly this). Every schema class an operation takes or
answers must have a component name of its own."""

import enum
import typing
from collections import defaultdict

from ninja import NinjaAPI, Router, Schema

from chatdong.api.router import api


def _collect(annotation: object, found: set[type]) -> None:
    if typing.get_origin(annotation) is not None:  # list[X], X | None, Annotated[X, …], Literal[…]
        for argument in typing.get_args(annotation):
            _collect(argument, found)
        return
    if not isinstance(annotation, type) or annotation in found:
        return
    if issubclass(annotation, Schema.__mro__[1]):  # pydantic's BaseModel, of which ninja's Schema is one
        found.add(annotation)
        for field in annotation.model_fields.values():
            _collect(field.annotation, found)
    elif issubclass(annotation, enum.Enum):  # choices become components too (Stage, Kind, Method, …)
        found.add(annotation)


def schema_classes(ninja_api: NinjaAPI) -> dict[str, set[type]]:
    """The classes every operation of the API takes or answers, nested ones included, by class name."""
    found: set[type] = set()
    for _prefix, router in ninja_api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                # ninja wraps the parameters (one model per source) and each response (one field,
                # `response`); the wrappers are flattened away, what they hold becomes components.
                for params in operation.models:
                    for field in params.model_fields.values():
                        _collect(field.annotation, found)
                for wrapper in operation.response_models.values():
                    if isinstance(wrapper, type):
                        _collect(wrapper.model_fields["response"].annotation, found)
    by_name: dict[str, set[type]] = defaultdict(set)
    for cls in found:
        by_name[cls.__name__].add(cls)
    return by_name


def collisions(ninja_api: NinjaAPI) -> dict[str, list[str]]:
    """Class names shared by different classes, with where each class is defined."""
    return {
        name: sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in classes)
        for name, classes in schema_classes(ninja_api).items()
        if len(classes) > 1
    }


def component_names(ninja_api: NinjaAPI) -> set[str]:
    schemas = ninja_api.get_openapi_schema(path_prefix="")["components"]["schemas"]
    # pydantic suffixes a model whose input and output shapes differ; it is still one class.
    return {name.removesuffix("-Input").removesuffix("-Output") for name in schemas}


def test_every_schema_class_of_the_api_has_a_component_of_its_own():
    assert collisions(api) == {}
    # And the walk saw every component: no class reached the schema by a way this guard does not look.
    assert component_names(api) == set(schema_classes(api))


def _router(tag: str, fields: dict[str, type]) -> Router:
    """A router answering a `StaffRef` of its own shape, as two apps would each declare one."""
    staff_ref = type("StaffRef", (Schema,), {"__annotations__": fields, "__module__": f"app_{tag}.api"})
    row = type(f"{tag.title()}Row", (Schema,), {"__annotations__": {"worker": staff_ref}})
    router = Router(tags=[tag])

    @router.get(f"/{tag}", response=row, operation_id=f"read_{tag}")
    def read(request):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    return router


def test_the_guard_finds_two_routers_declaring_the_same_name():
    colliding = NinjaAPI(urls_namespace="collision-check")
    colliding.add_router("", _router("cases", {"id": int, "name": str}))
    colliding.add_router("", _router("meetings", {"id": int, "dong": str}))
    # What the guard prevents: one StaffRef survives in the schema, and the cases row now points at
    # the meetings shape (a `dong`, no `name`).
    schemas = colliding.get_openapi_schema(path_prefix="")["components"]["schemas"]
    assert set(schemas["StaffRef"]["properties"]) == {"id", "dong"}
    assert collisions(colliding) == {"StaffRef": ["app_cases.api.StaffRef", "app_meetings.api.StaffRef"]}

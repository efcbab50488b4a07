"""The ninja API object; routers per app are added here."""

from ninja import NinjaAPI

api = NinjaAPI(title="찾동 API", version="1", urls_namespace="api")

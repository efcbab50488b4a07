"""`/healthz` for the load balancer: 200 when the database answers and every migration is applied, 503 otherwise.

No login and nothing personal; exempt from the HTTPS redirect (settings.SECURE_REDIRECT_EXEMPT) because the load
balancer asks over plain HTTP inside the network. The migration check reads the migration graph (tens of ms), so
once it has passed it is not repeated in this process: a deployment with new migrations restarts the processes."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from chatdong.access.doors import no_personal_data

_migrations_applied = False


def _unapplied_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _answer(status: int, state: str, detail: str) -> JsonResponse:
    return JsonResponse({"status": state, "detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


@no_personal_data("상태 확인: 데이터베이스 연결과 마이그레이션만 봅니다")
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    global _migrations_applied
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrations_applied:
            unapplied = _unapplied_migrations()
            if unapplied:
                return _answer(503, "migrations_pending", f"적용되지 않은 마이그레이션이 {unapplied}개 있습니다.")
            _migrations_applied = True
    except DatabaseError:
        return _answer(503, "database_unavailable", "데이터베이스에 연결할 수 없습니다.")
    return _answer(200, "ok", "정상")

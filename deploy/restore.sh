#!/usr/bin/env bash
# Restore a backup into an EMPTY database and check it: `deploy/restore.sh DUMP TARGET_DATABASE_URL`.
# Refuses a database that already has tables (restore over a live database is never what you want). After the
# restore: every migration must be recorded, and the access log's hash chain must verify (nothing lost or altered).
# Point DATABASE_URL of the service at the restored database only after both pass.
set -euo pipefail
cd "$(dirname "$0")/.."
dump=${1:?"사용법: deploy/restore.sh 백업파일 대상_DATABASE_URL"}
target=${2:?"사용법: deploy/restore.sh 백업파일 대상_DATABASE_URL"}
[ -f "$dump" ] || { echo "백업 파일이 없습니다: $dump" >&2; exit 1; }

tables=$(psql "$target" -tAc "select count(*) from information_schema.tables where table_schema = 'public'")
if [ "$tables" != "0" ]; then
  echo "대상 데이터베이스가 비어 있지 않습니다 (테이블 $tables개). 새 데이터베이스를 만들어 복원하세요." >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --dbname "$target" "$dump"
DATABASE_URL="$target" .venv/bin/python manage.py migrate --check
DATABASE_URL="$target" .venv/bin/python manage.py verify_access_log
echo "복원 완료: $target"

#!/usr/bin/env bash
# Nightly backup (deploy/chatdong-backup.timer): the database as a pg_dump custom-format file and the uploaded
# files (zone-walk photos), into CHATDONG_BACKUP_DIR (default /var/backups/chatdong), kept
# CHATDONG_BACKUP_KEEP_DAYS days (35). The files hold residents' personal data: readable by their owner only.
# The field key (CHATDONG_FIELD_KEY) is NOT in them: keep it apart; without it no resident number can be read back.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL가 필요합니다}"
umask 077
dir=${CHATDONG_BACKUP_DIR:-/var/backups/chatdong}
keep=${CHATDONG_BACKUP_KEEP_DAYS:-35}
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$dir"

# Written under a temporary name and renamed when complete: a half-written dump is never taken for a backup.
pg_dump --format=custom --no-owner --no-privileges --file "$dir/chatdong-$stamp.dump.partial" "$DATABASE_URL"
mv "$dir/chatdong-$stamp.dump.partial" "$dir/chatdong-$stamp.dump"

media=${CHATDONG_MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}
if [ -d "$media" ]; then
  tar -czf "$dir/media-$stamp.tar.gz.partial" -C "$media" .
  mv "$dir/media-$stamp.tar.gz.partial" "$dir/media-$stamp.tar.gz"
fi

find "$dir" -maxdepth 1 \( -name 'chatdong-*.dump' -o -name 'media-*.tar.gz' \) -mtime "+$keep" -delete
echo "백업 완료: $dir/chatdong-$stamp.dump"

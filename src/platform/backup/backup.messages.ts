import { defineMessages } from '../i18n/i18n.ts';

// What `taxstation backup` and `taxstation restore` say when they refuse.
// Every refusal ends with what changed: nothing.

export const backupMessages = defineMessages({
  not_a_backup: {
    ko: '{file}은(는) Tax Station 백업 파일이 아닙니다(첫 줄이 TAXSTATION-BACKUP이 아님). 아무것도 바꾸지 않았습니다.',
    en: '{file} is not a Tax Station backup (it does not start with TAXSTATION-BACKUP). Nothing was changed.',
  },
  header_damaged: {
    ko: '{file}의 머리말이 손상되었습니다({detail}). 다른 백업 파일로 다시 시도해 주세요. 아무것도 바꾸지 않았습니다.',
    en: "{file}'s header is damaged ({detail}). Try another backup file. Nothing was changed.",
  },
  other_format: {
    ko: '{file}은(는) 백업 형식 {found} 파일인데, 이 Tax Station은 형식 {expected}만 읽습니다. 그 백업을 만든 버전의 Tax Station으로 복원해 주세요. 아무것도 바꾸지 않았습니다.',
    en: '{file} is in backup format {found}; this Tax Station reads format {expected}. Restore it with the version of Tax Station that made it. Nothing was changed.',
  },
  newer_version: {
    ko: '{file}은(는) 더 새로운 Tax Station이 만든 백업입니다(마이그레이션 {found}개, 이 버전은 {known}개까지 압니다). Tax Station을 업그레이드한 뒤 복원해 주세요. 아무것도 바꾸지 않았습니다.',
    en: '{file} was made by a newer Tax Station ({found} migrations; this version knows {known}). Upgrade Tax Station, then restore. Nothing was changed.',
  },
  truncated: {
    ko: '{file}이(가) 잘렸습니다: 내용이 {expected}바이트여야 하는데 {actual}바이트입니다. 복사가 끝나지 않았거나 디스크가 가득 찼을 수 있습니다. 아무것도 바꾸지 않았습니다.',
    en: '{file} is truncated: its contents should be {expected} bytes and are {actual}. The copy may not have finished, or a disk was full. Nothing was changed.',
  },
  checksum_mismatch: {
    ko: '{file}의 내용이 머리말의 체크섬(SHA-256)과 맞지 않습니다: 파일이 손상되었습니다. 아무것도 바꾸지 않았습니다.',
    en: "{file}'s contents do not match the checksum (SHA-256) in its header: the file is damaged. Nothing was changed.",
  },
  engine_mismatch: {
    ko: '{file}은(는) {found} 데이터베이스의 백업인데, 이 Tax Station은 {current}를 쓰도록 설정되어 있습니다(DATABASE_URL). 같은 엔진에 복원해 주세요. 아무것도 바꾸지 않았습니다.',
    en: '{file} is a backup of a {found} database, and this Tax Station is set up for {current} (DATABASE_URL). Restore it onto the same engine. Nothing was changed.',
  },
  key_mismatch: {
    ko: '{file}의 개인정보는 다른 암호화 키(지문 {expected}…)로 암호화되어 있고, 이 프로세스의 키는 지문 {actual}…입니다. 복원하면 개인정보를 열 수 없습니다. TAXSTATION_ENCRYPTION_KEY를 백업한 시스템의 키로 설정하고 다시 시도해 주세요(키는 백업 파일에 들어 있지 않습니다). 아무것도 바꾸지 않았습니다.',
    en: "{file}'s personal data is sealed with another encryption key (fingerprint {expected}…); this process's key has fingerprint {actual}…. Restored, that data could not be opened. Set TAXSTATION_ENCRYPTION_KEY to the key of the system that made the backup and try again (the key is never in a backup). Nothing was changed.",
  },
  database_has_data: {
    ko: '복원할 데이터베이스에 이미 자료가 있습니다(구 {districts}개). 덮어쓰려면 --force를 붙여 다시 실행해 주세요. 먼저 serve와 work 프로세스를 모두 멈춰 주세요. 아무것도 바꾸지 않았습니다.',
    en: 'The database to restore into already holds data ({districts} districts). To replace it, run again with --force, after stopping every serve and work process. Nothing was changed.',
  },
  nothing_to_back_up: {
    ko: '백업할 데이터베이스가 없습니다: {where}에 데이터베이스가 없습니다. TAXSTATION_DATA_DIR 또는 DATABASE_URL을 확인해 주세요.',
    en: 'There is no database to back up: none in {where}. Check TAXSTATION_DATA_DIR or DATABASE_URL.',
  },
  tool_missing: {
    ko: 'PostgreSQL {major} 서버용 {tool}을(를) 찾지 못했습니다({tried}). postgresql-client-{major} 패키지를 설치해 주세요. 아무것도 바꾸지 않았습니다.',
    en: 'Found no {tool} for a PostgreSQL {major} server (tried {tried}). Install the postgresql-client-{major} package. Nothing was changed.',
  },
  tool_failed: {
    ko: '{tool}이(가) 실패했습니다(종료 코드 {code}): {detail}',
    en: '{tool} failed (exit code {code}): {detail}',
  },
  restore_failed: {
    ko: '복원이 실패해 되돌렸습니다: 데이터베이스는 복원 전 그대로입니다. 원인: {detail}',
    en: 'The restore failed and was rolled back: the database is as it was before. Cause: {detail}',
  },
});

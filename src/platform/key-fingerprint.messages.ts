import { defineMessages } from './i18n/i18n.ts';

// What a process says when its encryption key is not the database's.

export const keyMessages = defineMessages({
  key_mismatch: {
    ko: '이 프로세스의 암호화 키({source}, 지문 {actual}…)가 이 데이터베이스의 개인정보를 암호화한 키(지문 {expected}…)와 다릅니다. 같은 데이터베이스를 쓰는 모든 프로세스(serve, work, roll import, season send …)는 같은 키를 써야 합니다. TAXSTATION_ENCRYPTION_KEY를 다른 프로세스가 쓰는 키로 설정하고 다시 시작해 주세요. 그 키는 다른 프로세스의 TAXSTATION_ENCRYPTION_KEY 값이거나, TAXSTATION_ENCRYPTION_KEY 없이 이 데이터베이스를 처음 쓴 프로세스의 데이터 폴더(TAXSTATION_DATA_DIR, 기본값 ./data)에 있는 encryption.key 파일의 내용입니다. 아무것도 바꾸지 않았습니다.',
    en: "This process's encryption key ({source}, fingerprint {actual}…) is not the key this database's personal data is sealed with (fingerprint {expected}…). Every process that uses the database (serve, work, roll import, season send, …) must use the same key: set TAXSTATION_ENCRYPTION_KEY to the key the other processes use and start again. That key is the other processes' TAXSTATION_ENCRYPTION_KEY, or, if they run without it, the contents of encryption.key in the data folder (TAXSTATION_DATA_DIR, ./data by default) of the process that first used this database. Nothing was changed.",
  },
  key_cannot_open_data: {
    ko: '이 프로세스의 암호화 키({source}, 지문 {actual}…)로는 이 데이터베이스에 이미 있는 개인정보를 열 수 없습니다. 다른 키로 암호화된 자료입니다. TAXSTATION_ENCRYPTION_KEY를 그 자료를 암호화한 키로 설정하고 다시 시작해 주세요. 그 키는 다른 프로세스의 TAXSTATION_ENCRYPTION_KEY 값이거나, 자료를 넣은 프로세스의 데이터 폴더(TAXSTATION_DATA_DIR, 기본값 ./data)에 있는 encryption.key 파일의 내용입니다. 아무것도 바꾸지 않았습니다.',
    en: "This process's encryption key ({source}, fingerprint {actual}…) cannot open the personal data already in this database: it was sealed with another key. Set TAXSTATION_ENCRYPTION_KEY to the key that sealed it and start again. That key is the other processes' TAXSTATION_ENCRYPTION_KEY, or the contents of encryption.key in the data folder (TAXSTATION_DATA_DIR, ./data by default) of the process that put the data in. Nothing was changed.",
  },
  source_environment: { ko: 'TAXSTATION_ENCRYPTION_KEY', en: 'TAXSTATION_ENCRYPTION_KEY' },
  source_data_dir: {
    ko: 'TAXSTATION_ENCRYPTION_KEY가 없어 {file}에 만든 키',
    en: 'made in {file} because TAXSTATION_ENCRYPTION_KEY is not set',
  },
});

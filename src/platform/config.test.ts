import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('takes PORT and HOST, the hosting platforms\' names, when the TAXSTATION_ forms are not set', () => {
    const config = parseConfig({ PORT: '8080', HOST: '0.0.0.0' });
    assert.equal(config.TAXSTATION_PORT, 8080);
    assert.equal(config.TAXSTATION_HOST, '0.0.0.0');
  });

  it('prefers TAXSTATION_PORT and TAXSTATION_HOST over PORT and HOST', () => {
    const config = parseConfig({ PORT: '8080', TAXSTATION_PORT: '3001', HOST: '0.0.0.0', TAXSTATION_HOST: '127.0.0.2' });
    assert.equal(config.TAXSTATION_PORT, 3001);
    assert.equal(config.TAXSTATION_HOST, '127.0.0.2');
  });

  it('defaults to 127.0.0.1:3000', () => {
    const config = parseConfig({});
    assert.equal(config.TAXSTATION_PORT, 3000);
    assert.equal(config.TAXSTATION_HOST, '127.0.0.1');
  });

  it('names the variable the operator set when its value is wrong', () => {
    assert.throws(() => parseConfig({ PORT: 'eighty' }), (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.startsWith('PORT:')));
    assert.throws(() => parseConfig({ TAXSTATION_PORT: '70000' }), (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.startsWith('TAXSTATION_PORT:')));
  });
});

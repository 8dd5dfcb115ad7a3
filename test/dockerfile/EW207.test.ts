import { describe, expect, test } from 'vitest';
import { analyze } from './helpers.js';

const rules = async (text: string, files: Record<string, string> = {}) => (await analyze(text, { files })).findings.map((f) => f.rule);

describe('EW207 script-not-in-context', () => {
  describe('catches', () => {
    test('CMD names a .sh that no COPY brings in', async () => {
      expect(await rules('FROM debian:bookworm-slim\nCMD ["/usr/local/bin/start.sh"]\n')).toContain('EW207');
    });
    test('ENTRYPOINT names one, in shell form too', async () => {
      expect(await rules('FROM debian:bookworm-slim\nENTRYPOINT /entrypoint.sh\n')).toContain('EW207');
    });
  });
  describe('does not catch', () => {
    test('the script is copied in from the context', async () => {
      const found = await rules('FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n', { 'start.sh': '#!/bin/sh\nexec app\n' });
      expect(found).not.toContain('EW207');
    });
    test("a known base image's own entrypoint script (node's docker-entrypoint.sh)", async () => {
      expect(await rules('FROM node:20-bookworm-slim\nCMD ["node", "server.js"]\n')).not.toContain('EW207');
    });
    test('a program, not a script', async () => {
      expect(await rules('FROM debian:bookworm-slim\nCMD ["/usr/local/bin/app"]\n')).not.toContain('EW207');
    });
  });
});

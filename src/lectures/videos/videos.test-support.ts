import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Test support (not a test): small real videos made by ffmpeg from its test
// sources (a moving test card and a tone), and captions to go with them.

const run = promisify(execFile);

/** A few seconds of testsrc2 + sine as WebM (VP8/Opus) or MP4 (H.264/AAC), written to dir; answers the path. */
export async function makeTestVideo(dir: string, o: { format: 'webm' | 'mp4'; seconds?: number; name?: string; size?: string }): Promise<string> {
  const seconds = o.seconds ?? 3;
  const path = join(dir, o.name ?? `test-${o.format}-${seconds}s.${o.format}`);
  const inputs = ['-f', 'lavfi', '-i', `testsrc2=size=${o.size ?? '320x180'}:rate=15:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];
  const codecs = o.format === 'webm'
    ? ['-c:v', 'libvpx', '-b:v', '200k', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-b:a', '32k']
    : ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '48k', '-movflags', '+faststart'];
  await run('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...inputs, ...codecs, '-shortest', path], { timeout: 60_000 });
  return path;
}

export const KOREAN_VTT = `WEBVTT

1
00:00:00.000 --> 00:00:01.500
안녕하세요. 재산세 강의입니다.

2
00:00:01.500 --> 00:00:02.900
<v 강사>납부 기한을 확인하세요.
`;

export const ENGLISH_VTT = `WEBVTT

00:00:00.000 --> 00:00:01.500
Hello. This is a lecture on property tax.

00:00:01.500 --> 00:00:02.900
Check the due date.
`;

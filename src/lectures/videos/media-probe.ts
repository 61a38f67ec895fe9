import { execFile } from 'node:child_process';
import { z } from 'zod';

// What a lecture video really is, read by ffprobe from Debian's ffmpeg
// package (never from the file name or the browser's declared type), and
// its poster frame taken by ffmpeg. Both run with execFile (no shell), on a
// temporary file the upload was streamed into, with a time limit.

const PROBE_TIMEOUT_MS = 30_000;
const POSTER_TIMEOUT_MS = 60_000;

const probeSchema = z.object({
  streams: z
    .array(z.object({ codec_type: z.string().optional(), codec_name: z.string().optional(), width: z.number().optional(), height: z.number().optional() }).passthrough())
    .default([]),
  format: z
    .object({ format_name: z.string(), duration: z.string().optional(), tags: z.record(z.string(), z.string()).optional() })
    .passthrough()
    .optional(),
});

/** The codecs browsers play in each container (MP4: H.264, HEVC, AV1, VP9; WebM: VP8, VP9, AV1). */
const PLAYABLE = {
  mp4: { video: ['h264', 'hevc', 'av1', 'vp9'], audio: ['aac', 'mp3', 'opus', 'flac'] },
  webm: { video: ['vp8', 'vp9', 'av1'], audio: ['vorbis', 'opus'] },
} as const;

export type Container = keyof typeof PLAYABLE;

export interface MediaFacts {
  container: Container;
  contentType: 'video/mp4' | 'video/webm';
  videoCodec: string;
  audioCodec: string | null;
  durationMs: number;
  width: number | null;
  height: number | null;
}

export type ProbeOutcome =
  | { ok: true; facts: MediaFacts }
  | { ok: false; reason: 'not_a_video' }
  | { ok: false; reason: 'codec_unsupported'; codec: string; container: Container }
  | { ok: false; reason: 'tools_missing' };

function run(command: string, args: string[], timeout: number): Promise<{ stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { timeout, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (error, stdout) => {
      if (error) reject(error);
      else resolvePromise({ stdout });
    });
  });
}

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Whether ffprobe and ffmpeg can be run at all (the demo starts without them). */
export async function mediaToolsPresent(): Promise<boolean> {
  try {
    await run('ffprobe', ['-version'], 10_000);
    await run('ffmpeg', ['-version'], 10_000);
    return true;
  } catch {
    return false;
  }
}

/** Reads container, codecs and duration of the file; an unreadable or non-video file is 'not_a_video'. */
export async function probeVideo(path: string): Promise<ProbeOutcome> {
  let stdout: string;
  try {
    ({ stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', path], PROBE_TIMEOUT_MS));
  } catch (error) {
    if (missing(error)) return { ok: false, reason: 'tools_missing' };
    return { ok: false, reason: 'not_a_video' }; // ffprobe could not read it
  }
  let parsed: z.infer<typeof probeSchema>;
  try {
    parsed = probeSchema.parse(JSON.parse(stdout));
  } catch {
    return { ok: false, reason: 'not_a_video' };
  }
  const format = parsed.format;
  if (!format) return { ok: false, reason: 'not_a_video' };
  const names = format.format_name.split(',');
  let container: Container;
  if (names.includes('mp4')) {
    // QuickTime .mov reports the same demuxer; its brand tells it apart
    if ((format.tags?.major_brand ?? '').trim() === 'qt') return { ok: false, reason: 'not_a_video' };
    container = 'mp4';
  } else if (names.includes('webm')) container = 'webm';
  else return { ok: false, reason: 'not_a_video' };

  // a still picture inside (cover art) is not the video
  const video = parsed.streams.find((s) => s.codec_type === 'video' && !['mjpeg', 'png'].includes(s.codec_name ?? ''));
  if (!video?.codec_name) return { ok: false, reason: 'not_a_video' };
  const audio = parsed.streams.find((s) => s.codec_type === 'audio');
  const durationMs = Math.round(Number(format.duration ?? NaN) * 1000);
  if (!(durationMs > 0)) return { ok: false, reason: 'not_a_video' };

  const playable = PLAYABLE[container];
  if (!(playable.video as readonly string[]).includes(video.codec_name)) return { ok: false, reason: 'codec_unsupported', codec: video.codec_name, container };
  if (audio?.codec_name && !(playable.audio as readonly string[]).includes(audio.codec_name)) return { ok: false, reason: 'codec_unsupported', codec: audio.codec_name, container };
  return {
    ok: true,
    facts: {
      container,
      contentType: container === 'mp4' ? 'video/mp4' : 'video/webm',
      videoCodec: video.codec_name,
      audioCodec: audio?.codec_name ?? null,
      durationMs,
      width: video.width ?? null,
      height: video.height ?? null,
    },
  };
}

/** A JPEG poster frame (at most 1280 px wide) from a moment a little into the video. */
export async function takePosterFrame(videoPath: string, posterPath: string, durationMs: number): Promise<void> {
  const at = Math.min(1, durationMs / 2000).toFixed(3);
  await run(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-y', '-ss', at, '-i', videoPath, '-frames:v', '1', '-vf', 'scale=min(1280\\,iw):-2', '-q:v', '4', '-f', 'image2', '-c:v', 'mjpeg', posterPath],
    POSTER_TIMEOUT_MS,
  );
}

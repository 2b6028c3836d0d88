// The notes under the table: how each figure was taken, and the side figures that explain it.
import os from 'node:os'
import type { Delay } from './delay.ts'
import type { Protocol } from './mediaServer.ts'
import { FPS } from './picture.ts'
import { fmt, pct, type Results } from './report.ts'
import { CPU_STREAMS, DELAY_SESSIONS, VIEWERS, VIEWERS_MEASURED, WARMUP_S, WINDOW_S } from './settings.ts'
import { median } from './stats.ts'

export function notes(r: Results): string[] {
  const all = [...r.firstFrame.rtmp, ...r.firstFrame.flv, ...r.firstFrame.baseline]
  const lost = all.filter((f) => f.frame !== 0)
  const pusherStart = (k: keyof Results['firstFrame']) => fmt(median(r.firstFrame[k].map((f) => f.pusherStartMs)))
  const decoded = (d: Delay) => `${d.readable}/${d.expected}`
  const d = r.delay.pooled
  const added = (p: Protocol) => fmt(median(d[p].samples) - median(d.baseline.samples))
  const rate = median(r.cpu.viewerRates)
  return [
    '- First frame after publish start: the player already waits on its URL and the clock starts as the pusher is spawned, so the ' +
      `figure is mostly the pusher's own start-up and RTMP connect/publish (spawn to first frame sent, median: RTMP ${pusherStart('rtmp')} ms, ` +
      `HTTP-FLV ${pusherStart('flv')} ms, baseline ${pusherStart('baseline')} ms; ffmpeg alone takes hundreds of ms to start on a busy ` +
      "machine; the baseline's pusher waits on ffmpeg's own, slower, RTMP server handshake). After the pusher's first frame sent: one " +
      "keyframe through the path, the player's probe (it stops at the first keyframe) and decode; the baseline player, being the " +
      'server, only opens its input as the publish arrives, so part of its set-up falls in there too: a ratio below 1 is that, not a ' +
      'faster path. Frame 0 is a keyframe, so the GOP size does not count here. ' +
      (lost.length === 0
        ? 'Every player decoded frame 0 first.'
        : `${lost.length} of ${all.length} players lost frames before their first (first frame numbers: ${lost.map((f) => f.frame ?? '?').join(', ')}).`),
    '- First frame on joining: a player started beforehand and waiting on its stdin is fed the HTTP-FLV body from the request on, so ' +
      "ffmpeg's start-up is not timed (RTMP needs ffmpeg's own client, so no RTMP row); the baseline feeds it, at once, bytes a viewer " +
      'received earlier in the run: the probe and first decode alone. node-media-server answers with its GOP cache ' +
      `(headers, then the current GOP from its keyframe), so a viewer never waits for the next keyframe (GOP ${FPS} frames = 1 s), but ` +
      'its first picture is up to a GOP old. A mini-program live-player adds its cache on top (min-cache, 1 s by default).',
    `- Delay: per frame, decoded at the player minus sent by the pusher (frame N at the pusher's -re start + N / ${FPS} s, the start ` +
      'read from its progress reports), for RTMP and HTTP-FLV players of one stream and the baseline (with a pusher of its own) over ' +
      `the same window, in ${DELAY_SESSIONS} sessions; frames decoded / due: RTMP ${decoded(d.rtmp)}, HTTP-FLV ${decoded(d.flv)}, ` +
      `baseline ${decoded(d.baseline)}, mix ${decoded(r.mix.delay)}, transcode ${decoded(r.transcode.delay)}. The baseline is what ` +
      "the pusher and the player take by themselves (the pusher's muxer holds each video frame until the AAC frames catch up, " +
      'decoding, the pipes); ours minus baseline (medians) is what the media server adds: ' +
      `RTMP ${added('rtmp')} ms, HTTP-FLV ${added('flv')} ms. Now and then a whole session settles exactly one ` +
      `frame late, on any path; sessions half a frame (${fmt(500 / FPS)} ms) or more behind the quickest path of the same session: ` +
      `RTMP ${r.delay.late.rtmp}, HTTP-FLV ${r.delay.late.flv}, baseline ${r.delay.late.baseline} of ${DELAY_SESSIONS}. ` +
      "A phone's camera, encoder and player buffer are not in it.",
    '- Delay and start of the mix: the mixer probes each input for 2 KB (the media server sends metadata and codec headers ' +
      `first) and publishes within ${fmt(r.transcode.startMs)} ms with one input. Each input starts with the media server's GOP ` +
      "cache (up to a GOP, 1 s here, of frames already sent), and overlay pairs the two inputs' frames by timestamp, so the mix " +
      'runs as far behind as its later input plus a decode, an x264 encode and a second pass through the media server.',
    `- CPU: utime + stime from /proc/<pid>/stat over ${WINDOW_S} s after ${WARMUP_S} s of warm-up. Per stream: the media child ` +
      `with ${CPU_STREAMS} pushed streams (mean of a window before and one after the viewers': ${r.cpu.streams.map(pct).join(', ')}) ` +
      `minus idle (${pct(r.cpu.idle)}), divided by ${CPU_STREAMS}; node-media-server re-frames every message as RTMP and as FLV (GOP ` +
      `cache), where the relay only copies packets. Per viewers: with ${VIEWERS_MEASURED} HTTP-FLV readers of one stream (discarding, ` +
      `${fmt((rate * 8) / 1000)} kbit/s each) minus without, scaled to ${VIEWERS}; the pusher's 900 kbit/s H.264 + 64 kbit/s AAC ` +
      'sets the bytes to send.',
    "- CPU per mix: the mixer's ffmpeg alone (2 decodes, scale, overlay, x264 veryfast encode, AAC mix and encode). The baseline, " +
      "the same ffmpeg with one input, is mostly the x264 encode; the difference is the co-anchor's decode, scale and overlay.",
    `- Machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}) shared by pushers, players, mixer and media ` +
      `server (and anything else running: load average ${os.loadavg().map((l) => fmt(l, 2)).join(' / ')} at the end).`,
  ]
}

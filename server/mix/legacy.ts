// MLVB's clients send the old Mix_StreamV2 request as mergeParams:
//   { interface: { interfaceName: 'Mix_StreamV2', para: { input_stream_list: [
//       { input_stream_id, layout_params: { image_layer, image_width, image_height, location_x, location_y } } ] } } }
// The streams and, where given, their layout are honoured as sent.
import type { MergeParams } from '@liveroom/protocol/roomService'

export interface LegacyLayout {
  layer?: number
  x?: number
  y?: number
  width?: number
  height?: number
}

export interface LegacyMix {
  /** Input stream IDs in the order sent. */
  streams: string[]
  layouts: Map<string, LegacyLayout>
}

const MAX_STREAM_ID = 1024

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 100_000 ? v : undefined
}

export function parseLegacyMix(params: MergeParams): LegacyMix | undefined {
  const p = params as { interface?: { para?: { input_stream_list?: unknown } } }
  const list = p.interface?.para?.input_stream_list
  if (!Array.isArray(list)) return undefined
  const mix: LegacyMix = { streams: [], layouts: new Map() }
  for (const item of list) {
    const input = item as { input_stream_id?: unknown; layout_params?: Record<string, unknown> } | null
    const id = input?.input_stream_id
    if (typeof id !== 'string' || id.length > MAX_STREAM_ID) continue
    mix.streams.push(id)
    const l = input?.layout_params
    if (l && typeof l === 'object') {
      mix.layouts.set(id, {
        layer: num(l.image_layer),
        x: num(l.location_x),
        y: num(l.location_y),
        width: num(l.image_width),
        height: num(l.image_height),
      })
    }
  }
  return mix
}

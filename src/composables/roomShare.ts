// The live room's share card (转发): the room's name, a path that opens it for a viewer, and its picture.

export interface RoomShareCard {
  title: string
  path: string
  /** The card's picture; without it WeChat shows a screenshot of the page (black where the video is). */
  imageUrl?: string
}

/** The card's title when the room has no name (yet). */
export const DEFAULT_SHARE_TITLE = '来看直播'

/** The card for `room` (null: an anchor's room that is not live yet), with `image` as its picture when there is one. */
export function roomShareCard(room: { roomID: string; roomName: string } | null, image: string | null = null): RoomShareCard {
  const picture = image ? { imageUrl: image } : {}
  // Before the room exists, the card opens the room list rather than a room that is not there.
  if (!room) return { title: DEFAULT_SHARE_TITLE, path: 'live/rooms/rooms', ...picture }
  return { title: room.roomName || DEFAULT_SHARE_TITLE, path: `live/room/room?roomID=${encodeURIComponent(room.roomID)}`, ...picture }
}

// The live room's share card (转发): the room's name and a path that opens it for a viewer.

export interface RoomShareCard {
  title: string
  path: string
}

/** The card's title when the room has no name (yet). */
export const DEFAULT_SHARE_TITLE = '来看直播'

/** The card for `room` (null: an anchor's room that is not live yet). */
export function roomShareCard(room: { roomID: string; roomName: string } | null): RoomShareCard {
  // Before the room exists, the card opens the room list rather than a room that is not there.
  if (!room) return { title: DEFAULT_SHARE_TITLE, path: 'live/rooms/rooms' }
  return { title: room.roomName || DEFAULT_SHARE_TITLE, path: `live/room/room?roomID=${encodeURIComponent(room.roomID)}` }
}

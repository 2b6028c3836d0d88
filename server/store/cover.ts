// Which cover image (a name in the cover image store) each live room shows.
export interface CoverStore {
  readonly kind: 'sqlite' | 'redis'
  /** Makes `name` the room's cover; the name it replaces, or null. */
  set(roomID: string, name: string): Promise<string | null>
  /** The covers of those rooms that have one. */
  get(roomIDs: readonly string[]): Promise<Map<string, string>>
  /** Forgets the room's cover; its name, or null when it had none. */
  delete(roomID: string): Promise<string | null>
  /** Every room that has a cover. */
  roomIDs(): Promise<string[]>
}

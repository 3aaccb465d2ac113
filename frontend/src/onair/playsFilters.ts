// The filters of the proof-of-play page and the query they become, for the
// list and for the CSV export alike.

import { playSources, playStatuses, type PlaySource, type PlaysQuery, type PlayStatus } from '../api/onAir'
import { addDays, isIsoDate } from './dates'

export interface PlaysFilters {
  from: string
  to: string
  /** A player's ID as text, or '' for every player. */
  playerId: string
  zone: string
  source: PlaySource | ''
  status: PlayStatus | ''
  page: number
}

/** How many days the page shows when it opens, today included. */
export const defaultRangeDays = 7

export const playsPageSize = 50

/** defaultPlaysFilters shows the last seven days up to today (a local date). */
export function defaultPlaysFilters(today: string): PlaysFilters {
  return { from: addDays(today, -(defaultRangeDays - 1)), to: today, playerId: '', zone: '', source: '', status: '', page: 1 }
}

/** rangeProblem returns 'order' when the dates are reversed, 'invalid' when one is not a date, else ''. */
export function rangeProblem(filters: Pick<PlaysFilters, 'from' | 'to'>): '' | 'order' | 'invalid' {
  if ((filters.from && !isIsoDate(filters.from)) || (filters.to && !isIsoDate(filters.to))) return 'invalid'
  if (filters.from && filters.to && filters.from > filters.to) return 'order'
  return ''
}

/** toPlaysQuery turns the filters into the API's query, leaving out what is not chosen. */
export function toPlaysQuery(filters: PlaysFilters): PlaysQuery {
  const query: PlaysQuery = { page: filters.page, per_page: playsPageSize }
  if (filters.from) query.from = filters.from
  if (filters.to) query.to = filters.to
  const playerId = Number.parseInt(filters.playerId, 10)
  if (Number.isInteger(playerId) && playerId > 0) query.player_id = playerId
  if (filters.zone) query.zone = filters.zone
  if (playSources.includes(filters.source as PlaySource)) query.source = filters.source
  if (playStatuses.includes(filters.status as PlayStatus)) query.status = filters.status
  return query
}

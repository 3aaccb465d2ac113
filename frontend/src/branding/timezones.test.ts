import { describe, expect, it } from 'vitest'

import { filterTimeZones, orderTimeZones, supportedTimeZones } from './timezones'

describe('time zones', () => {
  it('lists the browser’s zones with America/Santiago first, then alphabetically', () => {
    const zones = orderTimeZones(supportedTimeZones())
    expect(zones[0]).toBe('America/Santiago')
    expect(zones.length).toBeGreaterThan(100)
    expect(zones.slice(1)).toEqual([...zones.slice(1)].sort())
    expect(zones.filter((zone) => zone === 'America/Santiago')).toHaveLength(1)
  })

  it.each([
    ['santiago', ['America/Santiago']],
    ['new york', ['America/New_York']],
    ['AMERICA/ARGENTINA/BUENOS', ['America/Argentina/Buenos_Aires']],
    ['bogotá', ['America/Bogota']],
  ])('finds %j', (query, expected) => {
    const zones = orderTimeZones(['America/New_York', 'America/Santiago', 'America/Argentina/Buenos_Aires', 'America/Bogota', 'Europe/Madrid'])
    expect(filterTimeZones(zones, query)).toEqual(expected)
  })

  it('keeps the selected zone visible while searching for others', () => {
    expect(filterTimeZones(['America/Santiago', 'Europe/Madrid'], 'madrid', 'America/Santiago')).toEqual([
      'America/Santiago',
      'Europe/Madrid',
    ])
  })
})

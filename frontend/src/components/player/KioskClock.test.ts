import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { createAppI18n } from '../../i18n'
import { createTenantState, tenantStateKey } from '../../tenant/state'
import { demoTenant } from '../../test-support/fixtures'
import KioskClock from './KioskClock.vue'

function mountClock(timezone: string) {
  const tenant = createTenantState()
  tenant.config = { ...demoTenant, timezone }
  tenant.status = 'ready'
  return mount(KioskClock, { global: { plugins: [createAppI18n('es-CL')], provide: { [tenantStateKey as symbol]: tenant } } })
}

describe('KioskClock', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-12-04T17:37:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it.each([
    ['America/Santiago', '14:37', 'viernes, 4 de diciembre'],
    ['Asia/Tokyo', '02:37', 'sábado, 5 de diciembre'],
  ])('shows the time of the mall in %s, not the computer’s', (zone, time, day) => {
    const wrapper = mountClock(zone)
    expect(wrapper.get('time').text()).toBe(time)
    expect(wrapper.text().toLowerCase()).toContain(day)
  })
})

import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import type { Targets } from '../../api/onAir'
import { createAppI18n } from '../../i18n'
import { bodega, entrada, patio, zonesOf } from '../../test-support/onAir'
import TargetsPicker from './TargetsPicker.vue'

const players = [patio, entrada, bodega]

function mountPicker(targets: Targets, extra: Record<string, unknown> = {}) {
  const wrapper = mount(TargetsPicker, {
    props: {
      modelValue: targets,
      players,
      zones: zonesOf(players),
      'onUpdate:modelValue': (value: Targets) => wrapper.setProps({ modelValue: value }),
      ...extra,
    },
    global: { plugins: [createAppI18n('es-CL')] },
  })
  return wrapper
}

const current = (wrapper: ReturnType<typeof mountPicker>) => wrapper.props('modelValue') as Targets

describe('TargetsPicker', () => {
  it('offers every speaker first and hides the lists', () => {
    const wrapper = mountPicker({ all: true })
    expect((wrapper.get('[data-testid="targets-all"]').element as HTMLInputElement).checked).toBe(true)
    expect(wrapper.find('[data-testid="targets-zones"]').exists()).toBe(false)
  })

  it('lists zones with their players and players with their online state', async () => {
    const wrapper = mountPicker({ all: true })
    await wrapper.get('[data-testid="targets-choose"]').setValue(true)
    expect(current(wrapper)).toEqual({ zones: [], player_ids: [] })

    const zones = wrapper.get('[data-testid="targets-zones"]')
    expect(zones.get('[data-zone="Nivel 2"]').text()).toContain('1 parlante · 1 en línea')
    expect(zones.get('[data-zone="Nivel 1"]').text()).toContain('1 parlante · 0 en línea')
    const list = wrapper.get('[data-testid="targets-players"]')
    expect(list.findAll('[data-player]').map((row) => row.attributes('data-player'))).toEqual(['Bodega', 'Entrada norte', 'Patio de comidas'])
    expect(list.get('[data-player="Patio de comidas"] [data-testid="online-badge"]').text()).toBe('En línea')
    expect(list.get('[data-player="Entrada norte"] [data-testid="online-badge"]').text()).toBe('Sin conexión')
  })

  it('adds up the chosen zones and players, and takes them off again', async () => {
    const wrapper = mountPicker({ zones: [], player_ids: [] })
    await wrapper.get('[data-zone="Nivel 2"] input').setValue(true)
    await wrapper.get('[data-player="Entrada norte"] input').setValue(true)
    await wrapper.get('[data-player="Bodega"] input').setValue(true)
    expect(current(wrapper)).toEqual({ zones: ['Nivel 2'], player_ids: [2, 3] })

    await wrapper.get('[data-player="Entrada norte"] input').setValue(false)
    expect(current(wrapper)).toEqual({ zones: ['Nivel 2'], player_ids: [3] })

    await wrapper.get('[data-testid="targets-all"]').setValue(true)
    expect(current(wrapper)).toEqual({ all: true })
  })

  it('shows the error it is given and says when there is nothing to choose', async () => {
    const wrapper = mount(TargetsPicker, {
      props: { modelValue: { zones: [] }, players: [], zones: [], error: 'Elige al menos una zona o un parlante.' },
      global: { plugins: [createAppI18n('es-CL')] },
    })
    expect(wrapper.get('[data-testid="targets-error"]').text()).toBe('Elige al menos una zona o un parlante.')
    expect(wrapper.get('fieldset').attributes('aria-describedby')).toBe(wrapper.get('[data-testid="targets-error"]').attributes('id'))
    expect(wrapper.get('[data-testid="targets-zones"]').text()).toContain('Todavía no hay zonas')
    expect(wrapper.get('[data-testid="targets-players"]').text()).toContain('Todavía no hay reproductores')
  })
})

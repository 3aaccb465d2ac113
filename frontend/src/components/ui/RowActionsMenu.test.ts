import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'

import RowActionsMenu from './RowActionsMenu.vue'

afterEach(() => {
  document.body.innerHTML = ''
})

function open() {
  const wrapper = mount(RowActionsMenu, {
    attachTo: document.body,
    props: { label: 'Acciones para eva@mallbarrio.test' },
    slots: { default: '<button type="button" data-item>Desactivar</button>' },
  })
  const menu = () => document.getElementById(wrapper.get('[data-testid="row-actions"]').attributes('aria-controls')!)!
  return { wrapper, menu }
}

describe('RowActionsMenu', () => {
  it('opens on top of the page with its items focused, and closes after a choice', async () => {
    const { wrapper, menu } = open()
    const button = wrapper.get('[data-testid="row-actions"]')
    expect(button.attributes('aria-label')).toBe('Acciones para eva@mallbarrio.test')
    expect(menu().style.display).toBe('none')

    await button.trigger('click')
    await flushPromises()

    expect(button.attributes('aria-expanded')).toBe('true')
    expect(menu().parentElement).toBe(document.body)
    expect(menu().style.display).not.toBe('none')
    expect(document.activeElement?.textContent).toBe('Desactivar')

    menu().querySelector<HTMLButtonElement>('[data-item]')!.click()
    await flushPromises()
    expect(button.attributes('aria-expanded')).toBe('false')
  })

  it('closes on Escape and on a click elsewhere', async () => {
    const { wrapper, menu } = open()
    const button = wrapper.get('[data-testid="row-actions"]')

    await button.trigger('click')
    menu().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await flushPromises()
    expect(button.attributes('aria-expanded')).toBe('false')

    await button.trigger('click')
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await flushPromises()
    expect(button.attributes('aria-expanded')).toBe('false')
  })
})

import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'

import { createAppI18n } from '../../i18n'
import ConfirmDialog from './ConfirmDialog.vue'

afterEach(() => {
  document.body.innerHTML = ''
})

function open(props: Record<string, unknown> = {}) {
  return mount(ConfirmDialog, {
    attachTo: document.body,
    props: { title: '¿Revocar?', message: 'No se puede deshacer.', confirmLabel: 'Revocar', ...props },
    global: { plugins: [createAppI18n('es-CL')] },
  })
}

describe('ConfirmDialog', () => {
  it('is a labelled modal dialog that starts on the safe choice', async () => {
    const wrapper = open()
    await flushPromises()

    const dialog = wrapper.get('[role="dialog"]')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(document.getElementById(dialog.attributes('aria-labelledby')!)?.textContent).toBe('¿Revocar?')
    expect(document.activeElement?.textContent?.trim()).toBe('Cancelar')
    expect(wrapper.get('[data-testid="confirm-button"]').classes()).toContain('btn-danger')
  })

  it('confirms, cancels with the button and with Escape', async () => {
    const wrapper = open()

    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await wrapper.get('.btn-secondary').trigger('click')
    await wrapper.get('[role="dialog"]').trigger('keydown', { key: 'Escape' })

    expect(wrapper.emitted('confirm')).toHaveLength(1)
    expect(wrapper.emitted('cancel')).toHaveLength(2)
  })

  it('cannot be dismissed while the action runs, and shows its error', async () => {
    const wrapper = open({ busy: true, error: 'Esa clave de API ya no existe.' })

    await wrapper.get('[role="dialog"]').trigger('keydown', { key: 'Escape' })

    expect(wrapper.emitted('cancel')).toBeUndefined()
    expect(wrapper.get('[data-testid="confirm-button"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[role="alert"]').text()).toBe('Esa clave de API ya no existe.')
  })
})

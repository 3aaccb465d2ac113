import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { createSession } from '../session/session'
import { demoTenant, meAs } from '../test-support/fixtures'
import { mountInShell } from '../test-support/mount'
import AppHeader from './AppHeader.vue'

afterEach(() => {
  document.body.innerHTML = ''
})

const mallBarrio = {
  ...demoTenant,
  tenant_id: 'mallbarrio',
  tenant_name: 'Mall Barrio Independencia',
  tenant_logo: '/branding/logo?v=2',
}

describe('AppHeader', () => {
  it.each([
    [demoTenant, 'Logo de MediaFlow Demo'],
    [mallBarrio, 'Logo de Mall Barrio Independencia'],
  ])('shows the name and logo of $tenant_name', async (tenant, alt) => {
    const { wrapper } = await mountInShell(AppHeader, { tenant })

    expect(wrapper.get('[data-testid="tenant-name"]').text()).toBe(tenant.tenant_name)
    const logo = wrapper.get('[data-testid="tenant-logo"]')
    expect(logo.attributes('src')).toBe(tenant.tenant_logo)
    expect(logo.attributes('alt')).toBe(alt)
  })

  it('paints itself with the brand utilities', async () => {
    const { wrapper } = await mountInShell(AppHeader)

    const header = wrapper.get('[data-testid="app-header"]')
    expect(header.element.tagName).toBe('HEADER')
    expect(header.classes()).toEqual(expect.arrayContaining(['bg-brand', 'text-on-brand']))
  })

  it('shows initials when the logo fails to load', async () => {
    const { wrapper } = await mountInShell(AppHeader, { tenant: mallBarrio })

    await wrapper.get('[data-testid="tenant-logo"]').trigger('error')

    expect(wrapper.find('[data-testid="tenant-logo"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="tenant-initials"]').text()).toBe('MB')
  })

  it('shows initials when the tenant has no logo', async () => {
    const { wrapper } = await mountInShell(AppHeader, { tenant: { ...demoTenant, tenant_logo: '' } })

    expect(wrapper.find('[data-testid="tenant-logo"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="tenant-initials"]').text()).toBe('MD')
  })

  it('links the brand to the home page', async () => {
    const { wrapper } = await mountInShell(AppHeader, { path: '/somewhere' })

    const home = wrapper.get('a[aria-label="Ir al inicio de MediaFlow Demo"]')
    expect(home.attributes('href')).toBe('/')
  })

  it('shows who is signed in and their role in the user menu', async () => {
    const { wrapper } = await mountInShell(AppHeader, { me: meAs('editor', { name: 'Eva Editora' }) })

    expect(wrapper.get('[data-testid="user-name"]').text()).toBe('Eva Editora')
    expect(wrapper.get('[data-testid="user-menu-panel"]').isVisible()).toBe(false)
    await wrapper.get('[data-testid="user-menu-button"]').trigger('click')

    const panel = wrapper.get('[data-testid="user-menu-panel"]')
    expect(panel.isVisible()).toBe(true)
    expect(panel.text()).toContain('editor@mallbarrio.test')
    expect(wrapper.get('[data-testid="user-role"]').text()).toBe('Editor')
  })

  it('signs out and shows the sign-in page', async () => {
    const signOut = vi.fn().mockResolvedValue(undefined)
    const session = createSession({ me: meAs('admin'), api: { signOut } })
    const { wrapper, router } = await mountInShell(AppHeader, { session })

    await wrapper.get('[data-testid="user-menu-button"]').trigger('click')
    await wrapper.get('[data-testid="sign-out"]').trigger('click')
    await flushPromises()

    expect(signOut).toHaveBeenCalledOnce()
    expect(session.state.me).toBeNull()
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(wrapper.find('[data-testid="sign-in-link"]').exists()).toBe(true)
  })
})

import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { SoundConfig } from '../../api/catalog'
import type { Player } from '../../api/onAir'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountInShell } from '../../test-support/mount'
import { patio, playerOf } from '../../test-support/onAir'
import PlayerDialog from './PlayerDialog.vue'

const mounted: { unmount: () => void }[] = []

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const bed = (id: number, name: string, extra: Partial<SoundConfig> = {}): SoundConfig => ({
  id, kind: 'bed', name, artist: '', mood: 'calma', duration_seconds: 95, loudness_lufs: -18, is_default: false, order: id,
  active: true, audio_url: `/api/v1/sounds/${id}/audio`, ...extra,
})

const calma = bed(1, 'Calma', { artist: 'Estudio Sur' })
const bosque = bed(2, 'Bosque', { artist: 'Coro Andino' })
const lluvia = bed(3, 'Lluvia', { active: false })

function serve(extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({
    'GET /api/v1/sounds': () => jsonResponse({ items: [calma, bosque, lluvia] }),
    'POST /api/v1/players': (init) => jsonResponse(playerOf(9, '', '', JSON.parse(String(init.body))), 201),
    'PATCH /api/v1/players/1': (init) => jsonResponse({ ...patio, ...JSON.parse(String(init.body)) }),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open(player: Player | null = null) {
  const { wrapper } = await mountInShell(PlayerDialog, { me: meAs('admin'), props: { player, zones: [] } })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

type Wrapper = Awaited<ReturnType<typeof open>>
type Stub = ReturnType<typeof serve>

const saves = (stub: Stub) => stub.calls.filter((call) => call.method === 'POST' || call.method === 'PATCH')
const sentBody = (stub: Stub) => JSON.parse(String(saves(stub)[0]!.init.body))
const bedsRequests = (stub: Stub) => stub.calls.filter((call) => call.url.pathname === '/api/v1/sounds')
const bedBox = (wrapper: Wrapper, name: string) => wrapper.get(`[data-bed="${name}"] input[type="checkbox"]`)
const isChecked = (wrapper: Wrapper, name: string) => (bedBox(wrapper, name).element as HTMLInputElement).checked

async function submit(wrapper: Wrapper) {
  await wrapper.get('[data-testid="player-form"]').trigger('submit')
  await flushPromises()
}

async function chooseBeds(wrapper: Wrapper) {
  await wrapper.get('[data-testid="player-beds-choose"]').setValue(true)
  await flushPromises()
}

describe('PlayerDialog', () => {
  it('plays every active bed by default and sends an empty music_ids', async () => {
    const stub = serve()
    const wrapper = await open()
    expect(wrapper.get('[data-testid="player-beds"] legend').text()).toBe('Música de fondo')
    expect((wrapper.get('[data-testid="player-beds-all"]').element as HTMLInputElement).checked).toBe(true)
    expect(wrapper.get('[data-testid="player-beds"]').text()).toContain('Todas las músicas activas del centro')
    expect(wrapper.find('[data-testid="player-beds-list"]').exists()).toBe(false)
    expect(bedsRequests(stub)).toHaveLength(0)

    await wrapper.get('[data-testid="player-name"]').setValue('Terraza')
    await submit(wrapper)

    expect(sentBody(stub)).toEqual({
      name: 'Terraza', zone: '', volume: 80, duck_db: -18, duck_attack_ms: 400, duck_release_ms: 1200, music_enabled: true, music_ids: [],
    })
    expect(wrapper.emitted('saved')![0]![1]).toBe(true)
  })

  it('lists the mall’s beds with their artist, marks inactive ones, and sends the two chosen', async () => {
    const stub = serve()
    const wrapper = await open()
    await chooseBeds(wrapper)

    expect(bedsRequests(stub).map((call) => call.url.searchParams.get('kind'))).toEqual(['bed'])
    expect(wrapper.findAll('[data-bed]').map((row) => row.attributes('data-bed'))).toEqual(['Calma', 'Bosque', 'Lluvia'])
    expect(wrapper.get('[data-bed="Calma"]').text()).toContain('Estudio Sur')
    expect(wrapper.get('[data-bed="Lluvia"] [data-testid="player-bed-inactive"]').text()).toBe('Inactiva')
    expect(wrapper.find('[data-bed="Calma"] [data-testid="player-bed-inactive"]').exists()).toBe(false)
    expect(bedBox(wrapper, 'Lluvia').attributes('disabled')).toBeDefined()
    expect(bedBox(wrapper, 'Calma').attributes('disabled')).toBeUndefined()

    await wrapper.get('[data-testid="player-name"]').setValue('Terraza')
    await bedBox(wrapper, 'Bosque').setValue(true)
    await bedBox(wrapper, 'Calma').setValue(true)
    await submit(wrapper)

    expect(sentBody(stub).music_ids).toEqual([2, 1])
  })

  it('pre-selects the beds of the player being edited and keeps the rest unchecked', async () => {
    const stub = serve()
    const wrapper = await open({ ...patio, music_ids: [2, 3, 99] })

    expect((wrapper.get('[data-testid="player-beds-choose"]').element as HTMLInputElement).checked).toBe(true)
    expect(bedsRequests(stub)).toHaveLength(1)
    expect(isChecked(wrapper, 'Calma')).toBe(false)
    expect(isChecked(wrapper, 'Bosque')).toBe(true)
    expect(isChecked(wrapper, 'Lluvia')).toBe(true)
    expect(bedBox(wrapper, 'Lluvia').attributes('disabled')).toBeUndefined()

    await bedBox(wrapper, 'Lluvia').setValue(false)
    expect(bedBox(wrapper, 'Lluvia').attributes('disabled')).toBeDefined()
    await submit(wrapper)

    expect(saves(stub).map((call) => `${call.method} ${call.url.pathname}`)).toEqual(['PATCH /api/v1/players/1'])
    expect(sentBody(stub).music_ids).toEqual([2])
    expect(wrapper.emitted('saved')![0]![1]).toBe(false)
  })

  it('clears the choice when an edited player goes back to every active bed', async () => {
    const stub = serve()
    const wrapper = await open({ ...patio, music_ids: [1] })
    await wrapper.get('[data-testid="player-beds-all"]').setValue(true)
    expect(wrapper.find('[data-testid="player-beds-list"]').exists()).toBe(false)
    await submit(wrapper)
    expect(sentBody(stub).music_ids).toEqual([])
  })

  it.each([
    { name: 'no bed is checked', player: null },
    { name: 'only an inactive bed is checked', player: { ...patio, music_ids: [3] } },
  ])('refuses to save “Elegir” when $name', async ({ player }) => {
    const stub = serve()
    const wrapper = await open(player)
    await wrapper.get('[data-testid="player-name"]').setValue('Terraza')
    await chooseBeds(wrapper)
    await submit(wrapper)

    expect(wrapper.get('[data-testid="player-beds-error"]').text()).toBe('Elige al menos una música activa.')
    expect(wrapper.get('[data-testid="player-beds"]').attributes('aria-describedby')).toBe(
      wrapper.get('[data-testid="player-beds-error"]').attributes('id'),
    )
    expect(wrapper.get('[data-testid="player-form-error"]').text()).toBe('Revisa los campos marcados.')
    expect(saves(stub)).toHaveLength(0)

    await bedBox(wrapper, 'Calma').setValue(true)
    await submit(wrapper)
    expect(wrapper.find('[data-testid="player-beds-error"]').exists()).toBe(false)
    expect(saves(stub)).toHaveLength(1)
  })

  it('shows a failed bed list with a retry that loads it', async () => {
    let fail = true
    serve({
      'GET /api/v1/sounds': () => (fail ? jsonResponse({ error: { code: 'internal_error' } }, 500) : jsonResponse({ items: [calma] })),
    })
    const wrapper = await open()
    await chooseBeds(wrapper)
    const failed = wrapper.get('[data-testid="player-beds-load-failed"]')
    expect(failed.text()).toContain('No pudimos cargar la música de fondo.')

    fail = false
    await failed.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="player-beds-load-failed"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-bed]').map((row) => row.attributes('data-bed'))).toEqual(['Calma'])
  })

  it('disables the bed choice while the player plays no music', async () => {
    serve()
    const wrapper = await open({ ...patio, music_ids: [1] })
    await wrapper.get('[data-testid="player-music"]').setValue(false)
    expect(wrapper.get('[data-testid="player-beds"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="player-beds-off"]').text()).toContain('Tocar música de fondo')
  })
})

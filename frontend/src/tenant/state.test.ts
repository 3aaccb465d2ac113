import { describe, expect, it } from 'vitest'

import { ApiError } from '../api/client'
import { demoTenant } from '../test-support/fixtures'
import { createTenantState, loadTenantInto } from './state'

describe('loadTenantInto', () => {
  it('records a loaded tenant as ready', async () => {
    const state = createTenantState()

    await loadTenantInto(state, async () => ({ config: demoTenant, source: 'embedded' }))

    expect(state).toMatchObject({ status: 'ready', config: demoTenant, error: null })
  })

  it('records a failure as the error state with no config', async () => {
    const state = createTenantState()
    const error = new ApiError('tenant_not_found', 404)

    const loaded = await loadTenantInto(state, async () => {
      throw error
    })

    expect(loaded).toBeNull()
    expect(state).toMatchObject({ status: 'error', config: null, error })
  })
})

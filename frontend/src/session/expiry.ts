import type { Router } from 'vue-router'

import { onSessionExpired } from '../api/client'
import { returnToParam } from '../router/guards'
import type { SessionStore } from './session'

/** The query flag that makes the sign-in page say the session ended. */
export const expiredParam = 'expirada'

/**
 * sendToSignInWhenExpired makes a request refused for an ended session (after
 * a refresh did not help) forget the user and open the sign-in page, which
 * brings them back to where they were. Returns an unregister function.
 */
export function sendToSignInWhenExpired(session: SessionStore, router: Router): () => void {
  return onSessionExpired(() => {
    session.forget()
    const current = router.currentRoute.value
    if (current.meta.guestOnly) return
    void router.push({
      name: 'sign-in',
      query: { [returnToParam]: current.fullPath, [expiredParam]: '1' },
    })
  })
}

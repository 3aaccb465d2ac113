import { computed, onBeforeUnmount, ref, type ComputedRef } from 'vue'

/**
 * useCountdown counts down the seconds a 429 asked to wait, once per second.
 * `remaining` reaches 0 when the wait is over.
 */
export function useCountdown(): { remaining: ComputedRef<number>; start: (seconds: number) => void } {
  const until = ref(0)
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined

  function stop() {
    clearInterval(timer)
    timer = undefined
  }

  function start(seconds: number) {
    stop()
    now.value = Date.now()
    until.value = now.value + seconds * 1000
    timer = setInterval(() => {
      now.value = Date.now()
      if (now.value >= until.value) stop()
    }, 1000)
  }

  onBeforeUnmount(stop)
  return { remaining: computed(() => Math.max(0, Math.ceil((until.value - now.value) / 1000))), start }
}

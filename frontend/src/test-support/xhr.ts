// A stand-in for XMLHttpRequest, for uploads that report progress.

export interface FakeUploadAnswer {
  status: number
  body: unknown
  /** Progress events sent before the answer, as [sent, total]. */
  progress?: [number, number][]
}

export interface SentUpload {
  method: string
  url: string
  headers: Record<string, string>
  body: FormData
}

/**
 * fakeXhr returns a class to stub XMLHttpRequest with: each send() takes the
 * next answer, fires the progress events and then loads (or, with status 0,
 * fails as a network error). Sent requests are recorded.
 */
export function fakeXhr(answers: FakeUploadAnswer[]) {
  const sent: SentUpload[] = []
  class FakeXMLHttpRequest {
    status = 0
    responseText = ''
    timeout = 0
    withCredentials = false
    upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    ontimeout: (() => void) | null = null
    private method = ''
    private url = ''
    private headers: Record<string, string> = {}

    open(method: string, url: string) {
      this.method = method
      this.url = url
    }

    setRequestHeader(name: string, value: string) {
      this.headers[name] = value
    }

    getResponseHeader() {
      return null
    }

    send(body: FormData) {
      sent.push({ method: this.method, url: this.url, headers: this.headers, body })
      const answer = answers.shift() ?? { status: 404, body: { error: { code: 'not_found' } } }
      setTimeout(() => {
        for (const [loaded, total] of answer.progress ?? []) this.upload.onprogress?.({ lengthComputable: true, loaded, total })
        if (answer.status === 0) {
          this.onerror?.()
          return
        }
        this.status = answer.status
        this.responseText = JSON.stringify(answer.body)
        this.onload?.()
      }, 0)
    }
  }
  return { FakeXMLHttpRequest, sent }
}

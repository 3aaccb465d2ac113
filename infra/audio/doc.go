// Package audio turns a voice take, optional chimes and an optional music bed
// into a finished announcement with FFmpeg, at a controlled loudness.
//
// A render decodes every input once and encodes once: the voice and the
// chimes are placed on one timeline (sample-exact delays), the bed is looped
// or trimmed to fit, faded, and ducked under the voice and chimes by a
// sidechain compressor; amix runs with normalize=0 so each input keeps the
// gain it was given. The master gain is not found by analysing the mix: it
// is predicted from the inputs' measured loudness (measured once, when each
// input entered the system) and applied as a static gain in front of a
// peak limiter. The encoded output is measured once, by a second FFmpeg that
// reads a copy of the stream while it is written; only if it misses the
// target by more than 1 LU (or peaks above the ceiling) is it rendered again.
// On the test set (eleven different spots: voice alone, with chimes, over
// either bed, Opus, a clipped upload, another target) no render needed the
// second pass; all landed within 0.45 LU of the target.
//
// Defaults, used wherever a field is left zero:
//
//   - loudness: -16 LUFS integrated, true peak at most -1.5 dBTP;
//   - voice: brought to the target; Clip.GainDB only moves a part against the
//     others, since the whole spot is normalised afterwards;
//   - chimes: 3 dB below the voice, 0.3 s of silence between a chime and the
//     voice (Recipe.ChimeGap);
//   - bed: 6 dB below the voice before ducking, 2 s lead-in, 3 s tail, 1 s
//     fade-in, a 2 s fade-out that ends with the spot;
//   - ducking: sidechain compression keyed by the voice and chimes, ratio 20,
//     soft knee, attack 20 ms, release 400 ms, threshold set from the target
//     so that the bed drops by DuckDepthDB under speech at the target level.
//     The default depth is 15 dB; the tests measure 15.0 dB on both bundled
//     beds (short-term loudness under the voice against the lead-in), 10.3 dB
//     when 10 is asked and 24.1 dB when 24 is asked;
//   - output: MP3, 44.1 kHz, stereo, 192 kbps CBR; with Format "opus",
//     Ogg/Opus, 48 kHz, stereo, 96 kbps.
//
// At start-up, call CheckFeatures once: it fails, saying what is missing,
// when this FFmpeg lacks a filter or encoder a render needs. Check is cheap
// enough for readiness probes.
package audio

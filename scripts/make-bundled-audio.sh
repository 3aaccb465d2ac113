#!/usr/bin/env bash
# Synthesises the chimes and music beds MediaFlow ships with, using FFmpeg's
# own filters only: aevalsrc oscillators and envelopes, lowpass, aecho, fades.
# Nothing is sampled or downloaded, so the files are original and free to use.
# The output is the same byte for byte on every run with the same FFmpeg.
#
# Usage: scripts/make-bundled-audio.sh [OUTPUT_DIR]   (default: assets/audio)
#
# How the beds loop without a click: every oscillator runs at a multiple of
# 1/30 Hz and every envelope repeats every 30 s, so the signal is periodic with
# a period of exactly 30 s. It is rendered with a few seconds of pre-roll, so
# the echoes from the "previous" turn are already present, and 30 s after the
# pre-roll are kept, starting at a sample where both channels cross zero: the
# last sample runs straight into the first, and the MP3 encoder, which smears
# any step at a file's edges, sees none.
#
# Each file is measured with ebur128 and brought to its level with one static
# gain (beds -20 LUFS, chimes -16 LUFS), then encoded once: MP3, 44.1 kHz,
# stereo, 128 kbps. The script fails if a file would peak above -1 dBTP.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/assets/audio}
work=$(mktemp -d -t mediaflow-audio-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/chimes" "$out/beds"

loop=30     # seconds in one turn of a bed
preroll=6   # seconds rendered before the kept turn, so echoes are in steady state
gen_rate=22050

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

# hz MIDI_NOTE [OFFSET_HZ]: equal-tempered frequency plus an offset, rounded
# to a multiple of 1/loop Hz so that it completes whole cycles in one turn.
hz() {
  awk -v m="$1" -v d="${2:-0}" -v p="$loop" \
    'BEGIN { f = 440 * 2 ^ ((m - 69) / 12) + d; printf "%.6f", int(f * p + 0.5) / p }'
}

# measure FILE: prints "I TP" (integrated LUFS, true peak dBTP).
measure() {
  ffmpeg -nostdin -hide_banner -nostats -i "$1" -af ebur128=peak=true:framelog=verbose -f null - 2>&1 |
    awk '/^ *I:/ { i = $2 } /^ *Peak:/ { p = $2 } END { print i, p }'
}

# encode WAV GAIN_DB MP3 TITLE: the only lossy step.
encode() {
  ff -i "$1" -af "volume=${2}dB" -map_metadata -1 \
    -metadata title="$4" -metadata artist="MediaFlow" \
    -metadata comment="Synthesised by scripts/make-bundled-audio.sh. Original work, free to use." \
    -c:a libmp3lame -b:a 128k -ar 44100 -ac 2 "$3"
}

# finish WAV TARGET_LUFS MP3 TITLE: a static gain to the target, then one MP3
# encode. LAME at a constant bit rate loses a few tenths of a dB on pure tones,
# so the MP3 is measured and, if it is off by more than 0.2 LU, encoded again
# from the same WAV with the gain corrected (still one lossy generation).
finish() {
  local wav=$1 target=$2 mp3=$3 title=$4 i tp gain
  read -r i tp < <(measure "$wav")
  gain=$(awk -v t="$target" -v i="$i" 'BEGIN { printf "%.2f", t - i }')
  encode "$wav" "$gain" "$mp3" "$title"
  read -r i tp < <(measure "$mp3")
  if awk -v t="$target" -v i="$i" 'BEGIN { d = t - i; exit !(d > 0.2 || d < -0.2) }'; then
    gain=$(awk -v g="$gain" -v t="$target" -v i="$i" 'BEGIN { printf "%.2f", g + t - i }')
    encode "$wav" "$gain" "$mp3" "$title"
    read -r i tp < <(measure "$mp3")
  fi
  awk -v tp="$tp" 'BEGIN { exit !(tp <= -1.0) }' || { echo "$mp3 peaks at $tp dBTP" >&2; exit 1; }
  printf '%-28s %6s LUFS  %6s dBTP  %4d KB\n' "${mp3#"$out"/}" "$i" "$tp" $(( $(stat -c %s "$mp3") / 1024 ))
}

# ---------------------------------------------------------------- chimes

# bell START MIDI AMP TAU: one struck bell with slightly stretched partials that
# die away faster the higher they are; silent before START.
bell() {
  local start=$1 f amp=$3 tau=$4
  f=$(awk -v m="$2" 'BEGIN { printf "%.4f", 440 * 2 ^ ((m - 69) / 12) }')
  local u="(t-$start)"
  local env="gte(t,$start)*(1-exp(-$u*400))"
  printf '%s*%s*(exp(-%s/%s)*sin(2*PI*%s*%s)+0.32*exp(-%s/(%s*0.55))*sin(2*PI*%s*2.0*%s)+0.12*exp(-%s/(%s*0.35))*sin(2*PI*%s*3.01*%s)+0.05*exp(-%s/(%s*0.25))*sin(2*PI*%s*4.17*%s))' \
    "$amp" "$env" "$u" "$tau" "$f" "$u" "$u" "$tau" "$f" "$u" "$u" "$tau" "$f" "$u" "$u" "$tau" "$f" "$u"
}

make_chime() { # NAME SECONDS EXPRESSION ECHO TITLE
  local name=$1 secs=$2 expr=$3 echo=$4 title=$5
  ff -f lavfi -i "aevalsrc='$expr':s=44100:d=$secs" \
    -af "lowpass=f=7000,aecho=$echo,afade=t=in:d=0.004,afade=t=out:st=$(awk -v s="$secs" 'BEGIN { print s - 0.5 }'):d=0.5,atrim=end=$secs,pan=stereo|c0=c0|c1=c0" \
    -c:a pcm_f32le "$work/$name.wav"
  finish "$work/$name.wav" -16 "$out/chimes/$name.mp3" "$title"
}

# Airport-style two-tone: E5 then C5, a major third down.
make_chime ding-dong 2.5 "$(bell 0 76 0.5 0.75)+$(bell 0.62 72 0.55 0.9)" \
  "0.85:0.5:37|71:0.22|0.12" "Ding-dong"
# Soft bell: G5 and a gentler C6 just after it.
make_chime soft-bell 2.0 "$(bell 0 79 0.45 0.6)+$(bell 0.2 84 0.3 0.55)" \
  "0.85:0.55:53|97:0.25|0.15" "Soft bell"

# ---------------------------------------------------------------- beds
# Inside the bed expressions: ld(0) = time in the loop (0..30 s, repeating),
# ld(1)..ld(4) = envelopes of the four chords, each a raised cosine to a
# power around its chord's centre, repeating every 30 s.

chord_envelopes() { # POWER FIRST_CENTRE
  local k e=""
  for k in 0 1 2 3; do
    e+="st($((k + 1)),pow((1+cos(2*PI*(ld(0)-$(awk -v k=$k -v c="$2" 'BEGIN { print c + 7.5 * k }'))/$loop))/2,$1));"
  done
  printf '%s' "$e"
}

# pad_voice MIDI DETUNE_HZ INDEX BRIGHT: a triangle-like tone (odd partials)
# with a quieter copy detuned by DETUNE_HZ times a factor that grows with the
# note's place in the chord, for a slow chorus whose beats do not line up.
pad_voice() {
  local a b
  a=$(hz "$1")
  b=$(hz "$1" "$(awk -v i="$3" -v d="$2" 'BEGIN { print d * (1 + i / 2) }')")
  local x="2*PI*ld(0)"
  local s="sin($x*$a)+0.25*sin($x*$b+$3*1.3)-0.11*sin($x*$a*3)"
  [ "$4" = 1 ] && s+="+0.04*sin($x*$a*5)"
  printf '(%s)' "$s"
}

# pad CHORDS DETUNE BRIGHT [GAINS]: CHORDS is four space-separated lists of
# MIDI notes joined by commas, one per chord; GAINS, four factors that even
# out the chords' loudness.
pad() {
  local chords=($1) gains=(${4:-1 1 1 1}) k=0 e="" n i terms
  for chord in "${chords[@]}"; do
    terms="" i=0
    for n in ${chord//,/ }; do
      terms+="${terms:++}$(pad_voice "$n" "$2" "$i" "$3")"
      i=$((i + 1))
    done
    e+="${e:++}${gains[$k]}*ld($((k + 1)))*($terms)"
    k=$((k + 1))
  done
  printf '%s' "$e"
}

# seam_offset WAV AROUND: the offset, within 50 ms of sample AROUND, where
# both channels are closest to zero on two consecutive samples.
seam_offset() {
  ff -i "$1" -af "atrim=start_sample=$(($2 - 2205)):end_sample=$(($2 + 2205))" -f f32le -c:a pcm_f32le - |
    od -An -v -f -w8 |
    awk 'function abs(x) { return x < 0 ? -x : x }
      NR > 1 { c = abs($1) + abs($2) + abs(l) + abs(r); if (k == "" || c < best) { best = c; k = NR - 1 - 2205 } }
      { l = $1; r = $2 }
      END { print k }'
}

make_bed() { # NAME EXPR_LEFT EXPR_RIGHT FILTERS TITLE
  local name=$1 left=$2 right=$3 filters=$4 title=$5 start offset
  local pre="st(0,mod(t+$loop-$preroll,$loop));"
  ff -f lavfi -i "aevalsrc='$pre$left|$pre$right':s=$gen_rate:d=$((loop + preroll + 1))" \
    -af "aresample=44100,$filters" -c:a pcm_f32le "$work/$name-long.wav"
  # The turn starts at a zero crossing of both channels: an MP3 encoder
  # smears whatever step it sees at a file's edges, and a step from zero to
  # zero is the smallest there is.
  start=$((preroll * 44100))
  offset=$(seam_offset "$work/$name-long.wav" "$start")
  ff -i "$work/$name-long.wav" \
    -af "atrim=start_sample=$((start + offset)):end_sample=$((start + offset + loop * 44100)),asetpts=PTS-STARTPTS" \
    -c:a pcm_f32le "$work/$name.wav"
  finish "$work/$name.wav" -20 "$out/beds/$name.mp3" "$title"
}

# Calm pads: Cmaj7 - Am9 - Fmaj7 - G, 7.5 s each, slow swells. The loop
# starts (to within the 50 ms of the seam search) at the height of the first
# chord, so a spot opens on a full chord.
calm_chords="48,55,64,71 45,52,60,67,71 41,57,60,64,69 43,50,59,62,67"
calm_gains="1.33 0.91 1.26 0.78"
calm_env=$(chord_envelopes 4 0)
make_bed calm-pads \
  "0.05*(${calm_env}$(pad "$calm_chords" 0.1 0 "$calm_gains"))" \
  "0.05*(${calm_env}$(pad "$calm_chords" -0.13333333 0 "$calm_gains"))" \
  "lowpass=f=2200,aecho=0.8:0.7:211|347|503:0.3|0.22|0.14" "Calm pads"

# Bright pulse, 128 BPM (64 beats a turn): D - A - Bm - G pads, an arpeggio of
# plucked eighth notes bouncing between the channels, a soft kick on every
# beat and a quiet tick on the off-beats. The loop starts on a downbeat (to
# within the 50 ms of the seam search); the pads swell in the middle of each
# chord's four bars.
beat=0.46875
eighth=0.234375
bright_chords="50,57,62,66 45,52,61,64 47,54,59,62 43,50,59,62"
bright_env=$(chord_envelopes 6 3.75)

# arpeggio: the note for chord k and eighth j picked by nested if()s, played in
# local time (phase 0 at each eighth), shaped to end at zero before the next.
arp_freq() {
  local notes=("74 78 81 78" "73 76 81 76" "71 74 78 74" "71 74 79 74") k j f e="0"
  for k in 3 2 1 0; do
    local row=(${notes[$k]}) inner="0"
    for j in 3 2 1 0; do
      f=$(awk -v m="${row[$j]}" 'BEGIN { printf "%.4f", 440 * 2 ^ ((m - 69) / 12) }')
      inner="if(eq(ld(6),$j),$f,$inner)"
    done
    e="if(lt(ld(0),$(awk -v k=$k 'BEGIN { print 7.5 * (k + 1) }')),$inner,$e)"
  done
  printf '%s' "$e"
}
pluck_setup="st(5,mod(ld(0),$eighth));st(6,mod(floor(ld(0)/$eighth),4));st(7,(1-exp(-ld(5)*600))*exp(-ld(5)*11)*(1-ld(5)/$eighth));st(8,$(arp_freq));"
pluck="ld(7)*(sin(2*PI*ld(8)*ld(5))-0.2*sin(6*PI*ld(8)*ld(5)))"
kick="st(9,mod(ld(0),$beat));(1-exp(-ld(9)*800))*exp(-ld(9)*16)*(1-ld(9)/$beat)*sin(2*PI*(52*ld(9)+40*(1-exp(-ld(9)*30))/30))"
tick="st(10,mod(ld(0)+$eighth,$beat));(1-exp(-ld(10)*3000))*exp(-ld(10)*90)*(sin(2*PI*6012*ld(10))+0.7*sin(2*PI*7349*ld(10))+0.5*sin(2*PI*8843*ld(10)))"
bright() { # DETUNE PAN_EVEN PAN_ODD
  printf '%s' "${bright_env}${pluck_setup}0.028*($(pad "$bright_chords" "$1" 1))+0.22*if(mod(ld(6),2),$3,$2)*$pluck+0.3*($kick)+0.018*($tick)"
}
make_bed bright-pulse "$(bright 0.1 1.0 0.55)" "$(bright -0.13333333 0.55 1.0)" \
  "lowpass=f=6500,aecho=0.85:0.6:234.375|468.75:0.22|0.1" "Bright pulse"

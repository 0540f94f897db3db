#!/usr/bin/env bash
# generate.sh — renders the calm voice clips in audio/voice/clips/ from
# audio/voice/phrases.tsv.
#
# Usage:  bash audio/voice/generate.sh
#         VOICE=clb bash audio/voice/generate.sh        # another RHVoice voice
#         ENGINE=festival bash audio/voice/generate.sh  # the fallback engine
#         OUT=/tmp/clips bash audio/voice/generate.sh   # write elsewhere
#
# It installs what it needs on Debian (as root, or through sudo): sox,
# ffmpeg and the speech engine. RHVoice's voices are in Debian's non-free
# section; when no apt source lists non-free, the script adds one in
# /etc/apt/sources.list.d/debian-non-free.sources (deb822, the mirror and
# release the machine already uses). The packages:
#
#   apt-get install rhvoice rhvoice-english sox libsox-fmt-all ffmpeg
#   apt-get install festival festvox-us-slt-hts    # ENGINE=festival only
#
# CI does not run this script: it only uses the committed clips.
#
# Pipeline for each line "<cue-id> TAB <variant> TAB <text>" of phrases.tsv:
#
#   1. Speech.
#      ENGINE=rhvoice (the default): RHVoice 1.8 with its US English voice
#      VOICE ("slt", the default, or "clb"; both trained on CMU ARCTIC),
#      24 kHz, slowed by its rate setting (RH_RATE %) and lowered in pitch
#      by its pitch setting (RH_PITCH %), both inside the vocoder.
#      ENGINE=festival (the fallback, the voice attune shipped first):
#      Festival, voice_cmu_us_slt_arctic_hts (32 kHz), slowed by the HTS
#      engine's speed setting ("-r", SPEED below); its pitch is lowered by
#      sox in step 2 (PITCH_CENTS), since Festival's Duration_Stretch
#      parameter and the HTS "-fm" pitch shift leave this voice's output
#      byte-for-byte unchanged. Festival's clips have more high-frequency
#      buzz, clicks at voicing onsets and a lower harmonics-to-noise ratio
#      (go run ./audio/voice/analyze compares sets of clips).
#   2. sox: peak-normalise, trim leading/trailing silence, (Festival only)
#      lower the pitch a little, add a short, low-level small-room reverb,
#      trim the reverb tail, resample to RATE, fade in/out.
#   3. ffmpeg: gentle compressor (synthetic speech has a peak to loudness
#      ratio of up to ~20 dB, more than the -16 LUFS target and the
#      -2.5 dBFS limiter ceiling leave room for).
#   4. Loudness: ffmpeg's loudnorm measures integrated loudness and true
#      peak (EBU R128). The gain that takes the clip to TARGET_I is applied
#      through a true-peak limiter (alimiter at 4x oversampling, ceiling
#      LIMIT_DB). Limiting lowers the loudness a little, so the clip is
#      measured again and the gain raised (up to three more rounds, at most
#      MAX_BOOST dB in all, so that no clip is squashed) until it is within
#      0.15 LU of TARGET_I; clips with the sharpest peaks may stay a little
#      under it. loudnorm's own apply pass is not used: for clips shorter
#      than its 3 s window it takes a short-input path that left the
#      shortest clips ("In.", "Out.") near -44 LUFS.
#      Clips shorter than one 400 ms gating block have no integrated
#      loudness of their own, so every measurement pads the clip with 1 s of
#      digital silence (which the R128 gate ignores).
#   5. Ogg Vorbis, mono, RATE Hz, quality VORBIS_Q, bit-exact muxing (fixed
#      stream serial, no encoder tag) so reruns give identical files. Lossy
#      coding can raise the true peak (by up to ~2.5 dB at quality 2, less
#      at 3), so the decoded clip is measured; while its true peak is above
#      MAX_TP the gain is lowered by the excess (plus 0.2 dB) and the clip
#      limited and encoded again.
#
# Finally each clip is decoded and checked (duration, integrated loudness,
# true peak), a table is printed, and the script fails if a clip is out of
# range or the clips together exceed MAX_TOTAL_BYTES.

set -euo pipefail

ENGINE=${ENGINE:-rhvoice} # rhvoice, or festival (the fallback)
VOICE=${VOICE:-slt}       # RHVoice voice: slt or clb
RH_RATE=88            # RHVoice rate (%): 100/88 ≈ 1.14x longer
RH_PITCH=95           # RHVoice pitch (%): 0.95 ≈ -89 cents
SPEED=0.88            # Festival HTS speed factor: 1/0.88 ≈ 1.14x longer
PITCH_CENTS=-80       # Festival only: sox pitch shift
REVERB="25 60 15 0 0 -10" # reverberance% HF-damping% room-scale% stereo-depth% pre-delay-ms wet-gain-dB
RATE=24000            # output sample rate (Hz)
TARGET_I=-16          # integrated loudness target (LUFS)
LIMIT_DB=-2.5         # limiter ceiling (dBFS, at 4x oversampling)
MAX_BOOST=1.5         # most extra gain (dB) to make up for limiting
MAX_TP=-1.8           # decoded Ogg true peak above this: lower the gain, redo
VORBIS_Q=3            # libvorbis quality
MAX_TOTAL_BYTES=$((600 * 1024))
MAX_SECONDS=6
MIN_SECONDS=0.3
CHECK_TP=-1.5         # decoded clip true peak must be at or below this
CHECK_LU=2            # decoded clip loudness must be within TARGET_I ± this

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
phrases="$here/phrases.tsv"
clips=${OUT:-$here/clips}

die() { echo "generate.sh: $*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------
NON_FREE_SOURCES=/etc/apt/sources.list.d/debian-non-free.sources

# installed PKG: whether the Debian package PKG is installed.
installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

# has_non_free: whether an enabled apt source lists Debian's non-free
# component (one-line sources.list files or deb822 .sources files).
has_non_free() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[[ -r $f ]] || continue
		grep -v '^[[:space:]]*#' "$f" | grep -Eq '(^deb[[:space:]].*|^Components:.*)[[:space:]]non-free([[:space:]]|$)' && return 0
	done
	return 1
}

# non_free_source: prints a deb822 source for Debian's non-free component,
# on the mirror and release this machine already uses.
non_free_source() {
	local codename mirror suites
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[[ -n $codename ]] || die "cannot tell the Debian release from /etc/os-release"
	suites="$codename $codename-updates"
	[[ $codename == sid ]] && suites=sid
	mirror=$(grep -hoE '(https?://[^[:space:]]+/debian)/?([[:space:]]|$)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		head -n 1 | tr -d '[:space:]' || true)
	mirror=${mirror%/}
	[[ -n $mirror ]] || mirror=http://deb.debian.org/debian
	cat <<-SRC
		Types: deb
		URIs: $mirror
		Suites: $suites
		Components: non-free
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	SRC
}

# install_packages PKG...: installs the Debian packages that are missing,
# adding the non-free section first when one of them comes from it.
install_packages() {
	local missing=() p sudo=()
	for p in "$@"; do installed "$p" || missing+=("$p"); done
	((${#missing[@]})) || return 0
	command -v apt-get >/dev/null 2>&1 ||
		die "missing packages: ${missing[*]}; this script installs them only on Debian (apt-get)"
	if ((EUID != 0)); then
		command -v sudo >/dev/null 2>&1 || die "missing packages: ${missing[*]}; run as root to install them"
		sudo=(sudo)
	fi
	if [[ " ${missing[*]} " == *" rhvoice"* ]] && ! has_non_free; then
		echo "generate.sh: adding Debian's non-free section in $NON_FREE_SOURCES"
		non_free_source | "${sudo[@]}" tee "$NON_FREE_SOURCES" >/dev/null
	fi
	echo "generate.sh: installing ${missing[*]}"
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

case $ENGINE in
rhvoice)
	[[ $VOICE == slt || $VOICE == clb ]] || die "VOICE must be slt or clb, not '$VOICE'"
	install_packages rhvoice rhvoice-english sox libsox-fmt-all ffmpeg
	[[ -d /usr/share/RHVoice/voices/$VOICE ]] || die "RHVoice voice $VOICE is not installed"
	;;
festival)
	install_packages festival festvox-us-slt-hts sox libsox-fmt-all ffmpeg
	festival -b '(voice_cmu_us_slt_arctic_hts)' >/dev/null 2>&1 ||
		die "Festival voice cmu_us_slt_arctic_hts not available"
	;;
*) die "ENGINE must be rhvoice or festival, not '$ENGINE'" ;;
esac
encoders=$(ffmpeg -nostdin -hide_banner -encoders 2>/dev/null || true)
if [[ $encoders != *libvorbis* ]]; then
	die "ffmpeg lacks the libvorbis encoder (Debian's ffmpeg package has it)"
fi
[[ -r $phrases ]] || die "cannot read $phrases"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- helpers ---------------------------------------------------------------

# measure FILE: prints "I TP" (LUFS, dBTP) as measured by loudnorm.
measure() {
	ffmpeg -nostdin -hide_banner -i "$1" \
		-af "apad=pad_dur=1,loudnorm=I=$TARGET_I:TP=$MAX_TP:LRA=11:print_format=json" \
		-f null - 2>&1 |
		awk -F'"' '$2=="input_i"{i=$4} $2=="input_tp"{tp=$4} END{print i, tp}'
}

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

# limit IN GAIN_DB OUT: applies the gain through the true-peak limiter.
limit() {
	local lim
	lim=$(awk -v d="$LIMIT_DB" 'BEGIN{printf "%.4f", 10^(d/20)}')
	ff -i "$1" \
		-af "volume=$2dB,aresample=$((RATE * 4)),alimiter=limit=$lim:attack=1:release=60:level=false:latency=true,aresample=$RATE" \
		-c:a pcm_f32le "$3"
}

# speak TEXT W: renders TEXT with the engine into W.raw.wav.
speak() {
	if [[ $ENGINE == rhvoice ]]; then
		printf '%s\n' "$1" | RHVoice-test -p "$VOICE" -r "$RH_RATE" -t "$RH_PITCH" -o "$2.raw.wav"
		return
	fi
	local esc=${1//\\/\\\\}
	esc=${esc//\"/\\\"}
	cat >"$2.scm" <<-EOF
		(voice_cmu_us_slt_arctic_hts)
		(set! hts_engine_params (append hts_engine_params (list (list "-r" $SPEED))))
		(set! utt (Utterance Text "$esc"))
		(utt.synth utt)
		(utt.save.wave utt "$2.raw.wav" 'riff)
	EOF
	festival -b "$2.scm" </dev/null
}

# sox's pitch effect, for the Festival voice only (RHVoice lowers the pitch
# in its vocoder).
pitch=()
[[ $ENGINE == festival ]] && pitch=(pitch "$PITCH_CENTS")

# --- render ----------------------------------------------------------------
rm -rf "$work/out"
mkdir -p "$work/out"
declare -A seen=()
count=0
while IFS=$'\t' read -r id n text <&3; do
	[[ -z $id || $id == \#* ]] && continue
	[[ $id =~ ^[a-z][a-z0-9-]*$ ]] || die "bad cue id: '$id'"
	[[ $n =~ ^[1-9][0-9]*$ ]] || die "bad variant number for $id: '$n'"
	[[ -n $text ]] || die "empty text for $id-$n"
	name="$id-$n"
	[[ -z ${seen[$name]:-} ]] || die "duplicate clip $name"
	seen[$name]=1
	w="$work/$name"

	# 1. speech
	speak "$text" "$w"
	[[ -s $w.raw.wav ]] || die "$ENGINE produced nothing for $name"

	# 2. trim, pitch, reverb, resample, fades (32-bit float: no dither)
	sox -D "$w.raw.wav" -e floating-point -b 32 "$w.shape.wav" \
		norm -3 \
		silence 1 0.005 -48d reverse silence 1 0.005 -48d reverse \
		"${pitch[@]}" \
		pad 0 0.3 reverb $REVERB \
		reverse silence 1 0.005 -62d reverse \
		channels 1 rate -v "$RATE"
	sox -D "$w.shape.wav" "$w.fade.wav" fade t 0.015 -0 0.06

	# 3. gentle compression
	ff -i "$w.fade.wav" \
		-af "acompressor=threshold=-18dB:ratio=3:attack=1:release=60:knee=4" \
		-c:a pcm_f32le "$w.comp.wav"

	# 4. loudness (see the notes at the top)
	read -r i1 _ < <(measure "$w.comp.wav")
	gain=$(awk -v t="$TARGET_I" -v i="$i1" 'BEGIN{printf "%.2f", t - i}')
	max_gain=$(awk -v g="$gain" -v b="$MAX_BOOST" 'BEGIN{printf "%.2f", g + b}')
	for round in 1 2 3 4; do
		limit "$w.comp.wav" "$gain" "$w.lim.wav"
		read -r i2 _ < <(measure "$w.lim.wav")
		next=$(awk -v g="$gain" -v t="$TARGET_I" -v i="$i2" -v m="$max_gain" 'BEGIN{
			d = t - i; if (d < 0.15 && d > -0.15) d = 0
			n = g + d; if (n > m) n = m
			printf "%.2f", n }')
		[[ $next == "$gain" || $round == 4 ]] && break
		gain=$next
	done

	# 5. Ogg Vorbis (see the notes at the top)
	encodes=0
	while :; do
		ff -i "$w.lim.wav" -map_metadata -1 -ac 1 -ar "$RATE" \
			-c:a libvorbis -q:a "$VORBIS_Q" \
			-fflags +bitexact -flags:a +bitexact \
			"$work/out/$name.ogg"
		encodes=$((encodes + 1))
		read -r i3 tp3 < <(measure "$work/out/$name.ogg")
		over=$(awk -v p="$tp3" -v m="$MAX_TP" 'BEGIN{print (p > m) ? 1 : 0}')
		((over)) || break
		((encodes < 5)) || die "$name: decoded true peak stays at $tp3 dBTP"
		gain=$(awk -v g="$gain" -v p="$tp3" -v m="$MAX_TP" 'BEGIN{printf "%.2f", g - (p - m) - 0.2}')
		limit "$w.comp.wav" "$gain" "$w.lim.wav"
	done
	count=$((count + 1))
	printf '%-14s gain %+6.2f dB, encoded %d time(s): %6.2f LUFS, %6.2f dBTP\n' \
		"$name" "$gain" "$encodes" "$i3" "$tp3"
done 3<"$phrases"
((count > 0)) || die "no phrases in $phrases"

# --- check -----------------------------------------------------------------
fail=0
total=0
printf '\n%-14s %7s %9s %9s %7s\n' clip seconds LUFS dBTP bytes
for f in "$work"/out/*.ogg; do
	name=$(basename "$f" .ogg)
	bytes=$(stat -c %s "$f")
	total=$((total + bytes))
	secs=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")
	read -r li tp < <(ffmpeg -nostdin -hide_banner -i "$f" \
		-af "apad=pad_dur=1,ebur128=peak=true" -f null - 2>&1 |
		awk '/Summary:/{s=1} s && $1=="I:"{i=$2} s && $1=="Peak:"{p=$2} END{print i, p}')
	printf '%-14s %7.3f %9s %9s %7d\n' "$name" "$secs" "$li" "$tp" "$bytes"
	bad=$(awk -v s="$secs" -v i="$li" -v p="$tp" -v lo="$MIN_SECONDS" -v hi="$MAX_SECONDS" \
		-v t="$TARGET_I" -v lu="$CHECK_LU" -v c="$CHECK_TP" 'BEGIN{
			m = ""
			if (s + 0 < lo || s + 0 > hi) m = m " duration"
			if (i == "" || i == "-inf" || i - t > lu || t - i > lu) m = m " loudness"
			if (p == "" || p + 0 > c) m = m " true-peak"
			print m }')
	if [[ -n $bad ]]; then
		echo "  ^ out of range:$bad" >&2
		fail=1
	fi
done
printf 'total: %d clips, %d bytes (limit %d)\n' "$count" "$total" "$MAX_TOTAL_BYTES"
((total <= MAX_TOTAL_BYTES)) || { echo "generate.sh: clips exceed $MAX_TOTAL_BYTES bytes" >&2; fail=1; }
((fail == 0)) || die "checks failed; clips/ left unchanged"

# --- install ---------------------------------------------------------------
mkdir -p "$clips"
rm -f "$clips"/*.ogg
cp "$work"/out/*.ogg "$clips"/
echo "wrote $count clips to $clips"

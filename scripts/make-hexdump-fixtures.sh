#!/usr/bin/env bash
# Makes the hex-dump fixtures in test/fixtures/hex/ from real captures, with the real tools (tcpdump, tshark,
# editcap, xxd, hexdump, od). The dumps are committed; the tests read them and compare their decode with the decode
# of the captures they came from. Needs: apt-get install tcpdump tshark xxd bsdextrautils (hexdump) coreutils (od).
#
#   bash scripts/make-hexdump-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CAP=test/fixtures/captures
REF=test/fixtures/reference
OUT=test/fixtures/hex
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export TZ=UTC LC_ALL=C
mkdir -p "$OUT"

for tool in tcpdump tshark editcap xxd hexdump od node; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done

# Frame N of a capture as raw bytes: a one-frame classic pcap is a 24-byte file header, a 16-byte record header,
# then the frame.
frame_bytes() { # capture frame out
  editcap -F pcap -r "$1" "$TMP/one.pcap" "$2" >/dev/null
  tail -c +41 "$TMP/one.pcap" > "$3"
}

# 1. tcpdump, several packets with their header lines, in three timestamp spellings.
tcpdump -n -r "$CAP/skinny-register.pcapng" -xx 2>/dev/null > "$OUT/skinny-register.tcpdump-xx.txt"
tcpdump -n -tttt -r "$CAP/skinny-register.pcapng" -XX 2>/dev/null > "$OUT/skinny-register.tcpdump-XX-tttt.txt"
# A raw-IP capture (no link header at all), epoch timestamps.
tcpdump -n -tt -r "$CAP/sccp_fxs_register.pcapng" -x 2>/dev/null > "$OUT/sccp_fxs_register.tcpdump-x-tt.txt"
# An Ethernet capture dumped without its link header (-x starts at the IP header), ten messages in one segment.
tcpdump -n -r "$CAP/skinny-call-rtp.pcap" -x -c 40 2>/dev/null > "$OUT/skinny-call-rtp-40.tcpdump-x.txt"

# 2. Wireshark's hex dump (tshark -x: offsets restart for each packet, ASCII gutter).
tshark -n -r "$CAP/skinny-register.pcapng" -x 2>/dev/null > "$OUT/skinny-register.tshark-x.txt"
# With the packet summary line (-P) and with the whole protocol tree (-V) before each packet's bytes.
tshark -n -r "$CAP/skinny-register.pcapng" -P -x 2>/dev/null > "$OUT/skinny-register.tshark-P-x.txt"
tshark -n -r "$CAP/skinny-register.pcapng" -V -x 2>/dev/null > "$OUT/skinny-register.tshark-V-x.txt"

# 3. text2pcap input: od -Ax -tx1 -v of each frame, one after the other (offsets restart at 0 for each packet).
: > "$OUT/skinny-register.od-per-frame.txt"
frames=$(tshark -n -r "$CAP/skinny-register.pcapng" -T fields -e frame.number 2>/dev/null | wc -l)
for n in $(seq 1 "$frames"); do
  frame_bytes "$CAP/skinny-register.pcapng" "$n" "$TMP/f.bin"
  od -Ax -tx1 -v "$TMP/f.bin" >> "$OUT/skinny-register.od-per-frame.txt"
done

# 4. One Ethernet frame carrying ten SCCP messages (skinny-call-rtp.pcap frame 30), in the one-blob formats.
frame_bytes "$CAP/skinny-call-rtp.pcap" 30 "$TMP/f30.bin"
xxd "$TMP/f30.bin" > "$OUT/skinny-call-rtp-frame30.xxd.txt"
xxd -g1 "$TMP/f30.bin" > "$OUT/skinny-call-rtp-frame30.xxd-g1.txt"
hexdump -C "$TMP/f30.bin" > "$OUT/skinny-call-rtp-frame30.hexdump-C.txt"
od -Ax -tx1 "$TMP/f30.bin" > "$OUT/skinny-call-rtp-frame30.od.txt"

# 5. Raw SCCP: the eight messages of skinny-register.pcapng back to back (both directions), from tshark's reference.
node -e '
  const r = require(process.argv[1]);
  process.stdout.write(Buffer.from(r.messages.map((m) => m.bytes).join(""), "hex"));
' "$PWD/$REF/skinny-register.pcapng.skinny.json" > "$TMP/sccp.bin"
xxd "$TMP/sccp.bin" > "$OUT/skinny-register-messages.xxd.txt"
xxd -p "$TMP/sccp.bin" > "$OUT/skinny-register-messages.xxd-p.txt"
xxd -i -n skinny_register_messages "$TMP/sccp.bin" > "$OUT/skinny-register-messages.c-array.txt"
hexdump -C "$TMP/sccp.bin" > "$OUT/skinny-register-messages.hexdump-C.txt"   # collapses repeated lines into '*'
od -Ax -tx1 "$TMP/sccp.bin" > "$OUT/skinny-register-messages.od.txt"          # so does od

# Sanity check: text2pcap reads the od dump back into the same frames (it is the reference reader of that format).
text2pcap -q -l 1 "$OUT/skinny-register.od-per-frame.txt" "$TMP/back.pcap" 2>/dev/null || text2pcap -l 1 "$OUT/skinny-register.od-per-frame.txt" "$TMP/back.pcap" >/dev/null
a=$(tshark -n -r "$TMP/back.pcap" -x 2>/dev/null | md5sum)
b=$(tshark -n -r "$CAP/skinny-register.pcapng" -x 2>/dev/null | md5sum)
[ "$a" = "$b" ] || { echo "text2pcap does not read the od dump back to the same frames" >&2; exit 1; }

ls -l "$OUT"

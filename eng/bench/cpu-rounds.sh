#!/usr/bin/env bash
# CPU per request over several rounds of eng/bench/cpu.sh, each on a fresh topology and anchor, with every row's
# median. On this machine one run can place the same build anywhere from 2.4x to 4.0x the anchor (docs/benchmarks.md,
# "How far one run can be trusted"), so a target or a change is judged on the median of rounds, not on one run.
#   eng/bench/cpu-rounds.sh [AppHost args...]      ROUNDS runs of cpu.sh with these arguments
#   COMPARE="--Web:Configuration:DOTNET_GCHeapCount=1" eng/bench/cpu-rounds.sh
#                                                  base and base + COMPARE in turns (base first), ROUNDS of each
# Settings (environment): ROUNDS (3), COMPARE (none: AppHost arguments, split on spaces), ROUNDS_DIR (where each
# round's whole output is kept; a new directory under /var/tmp by default), and everything cpu.sh reads (SCENARIOS,
# WARM_UP_SECONDS, DURATION, TRACE_SAMPLE_RATIO...). Exits non-zero when a round fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=${ROUNDS:-3}
out=${ROUNDS_DIR:-$(mktemp -d /var/tmp/certverify-rounds.XXXXXX)}
mkdir -p "$out"
read -r -a compare <<< "${COMPARE:-}"
settings=(base)
[ ${#compare[@]} -gt 0 ] && settings+=(compare)

echo "Each round's output: $out"
outputs=()
for round in $(seq "$rounds"); do
  for setting in "${settings[@]}"; do
    args=("$@")
    [ "$setting" = compare ] && args+=("${compare[@]}")
    echo "Round $round of $rounds, $setting: eng/bench/cpu.sh ${args[*]}"
    if ! eng/bench/cpu.sh "${args[@]}" > "$out/$setting-$round.txt" 2>&1; then
      echo "Round $round ($setting) failed:" >&2
      tail -n 20 "$out/$setting-$round.txt" >&2
      exit 1
    fi
    outputs+=("$out/$setting-$round.txt")
    # The round's main table, for whoever watches: scenario, CPU us/request, vs anchor, req/s vs anchor.
    awk -F'|' 'NF == 17 && $2 !~ /Scenario|---/ { gsub(/\*/, "", $7); printf "  %-44s %6s us %6s %5s\n", $2, $7, $15, $16 }' \
      "$out/$setting-$round.txt"
  done
done

echo
echo "Medians over $rounds round(s) per setting, each round a fresh topology and anchor (cpu.sh's main table; rounds"
echo "in the order they ran):"
echo
[ ${#compare[@]} -gt 0 ] && echo "compare = base + ${compare[*]}" && echo
awk -F'|' '
  # A cell as printed ("**377**", "4.0x", "27%"); awk reads the number at its start where one is needed.
  function trim(s) { gsub(/^ +| +$|\*/, "", s); return s }
  function median(list,   v, n, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  FNR == 1 { setting = FILENAME; sub(/.*\//, "", setting); sub(/-[0-9]+\.txt$/, "", setting) }
  NF == 17 && $2 !~ /Scenario|---/ {
    key = setting SUBSEP trim($2)
    if (!(key in cpu)) order[++keys] = key
    cpu[key] = cpu[key] " " trim($7); ratio[key] = ratio[key] " " trim($15); share[key] = share[key] " " trim($16)
    errors[key] += trim($6)
  }
  END {
    print "| Setting | Scenario | CPU us/request by round | median | vs anchor by round | median | req/s vs anchor by round | median | errors |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for (i = 1; i <= keys; i++) {
      split(order[i], k, SUBSEP)
      printf "| %s | %s |%s | **%.0f** |%s | **%.1fx** |%s | **%.0f%%** | %d |\n", k[1], k[2], cpu[order[i]], median(cpu[order[i]]),
        ratio[order[i]], median(ratio[order[i]]), share[order[i]], median(share[order[i]]), errors[order[i]]
    }
  }' "${outputs[@]}"

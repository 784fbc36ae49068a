# Reads `jfr print --events jdk.ExecutionSample --stack-depth 256` and prints "metrics-samples all-samples": how many
# of the service's CPU samples were in the metrics code. A sample counts for the metrics when the innermost frame of
# the service or of Micrometer on its stack (the frames above it are the JDK's or a library's, working for it) is
# metrics code: the service's metrics package, Micrometer, or Quarkus' Micrometer binders. RequestMetrics.measure is
# on the stack of the whole request (it passes the request on with RoutingContext.next): below that call, the frame
# works for the rest of the request, not for the metrics.
function decide(frame) {
  if (decided) return
  if (frame ~ /^(com\.example\.orderservice\.metrics\.|io\.micrometer\.|io\.quarkus\.micrometer\.)/) {
    if (!(frame ~ /^com\.example\.orderservice\.metrics\.RequestMetrics\.measure\(/ && callee ~ /\.next\(/)) metrics++
    decided = 1
  } else if (frame ~ /^com\.example\.orderservice\./) {
    decided = 1
  }
}
/^jdk\.ExecutionSample/ { samples++ }
/^  stackTrace = \[/ { in_stack = 1; decided = 0; callee = ""; next }
in_stack && /^  \]/ { in_stack = 0; next }
in_stack {
  frame = $1
  decide(frame)
  callee = frame
}
END { printf "%d %d\n", metrics, samples }

# Reference runner: the same interface as `maillage detect`, computed by R's surveillance.
#   Rscript detect.R INPUT.csv --method M [--param name=value ...] --out OUTPUT.csv [--timing FILE]
# Output: series,period,count,expected,upperbound,alarm (NA printed as an empty field).
# `expected` is not returned by every R function: for earsC it is the baseline mean, for
# farrington the median of the prediction (control$pd[, 2]), for farringtonFlexible
# control$expected.
suppressMessages(library(surveillance))

parse_args <- function(args) {
  out <- list(input = args[1], params = list(), timing = NULL)
  i <- 2
  while (i <= length(args)) {
    a <- args[i]
    if (a == "--method") { out$method <- args[i + 1]; i <- i + 2; next }
    if (a == "--out") { out$out <- args[i + 1]; i <- i + 2; next }
    if (a == "--timing") { out$timing <- args[i + 1]; i <- i + 2; next }
    if (a == "--param") { i <- i + 1; next }
    kv <- strsplit(a, "=", fixed = TRUE)[[1]]
    out$params[[kv[1]]] <- r_value(kv[1], paste(kv[-1], collapse = "="))
    i <- i + 1
  }
  out
}

r_value <- function(name, text) {
  if (toupper(text) %in% c("TRUE", "T")) return(TRUE)
  if (toupper(text) %in% c("FALSE", "F")) return(FALSE)
  if (name == "limit54") return(as.numeric(strsplit(gsub("c\\(|\\)", "", text), "[, ]+")[[1]]))
  if (name %in% c("powertrans", "thresholdMethod")) return(text)
  if (name == "range") return(eval(parse(text = text)))
  num <- suppressWarnings(as.numeric(text))
  if (is.na(num)) text else num
}

make_sts <- function(d) {
  pop <- if ("population" %in% names(d)) matrix(d$population, ncol = 1) else NULL
  if (grepl("-", d$period[1])) {
    days <- as.Date(d$period)
    args <- list(observed = matrix(d$count, ncol = 1), epoch = as.numeric(days),
                 epochAsDate = TRUE, frequency = 52)
  } else {
    args <- list(observed = matrix(d$count, ncol = 1), frequency = 52, start = c(2000, 1))
  }
  if (!is.null(pop)) args$population <- pop
  do.call(sts, args)
}

baseline_mean <- function(y, range, baseline, lag) {
  sapply(range, function(t) mean(y[(t - baseline - lag):(t - 1 - lag)]))
}

run_ears <- function(s, method, p) {
  control <- c(list(method = sub("ears", "", method)), p)
  r <- earsC(s, control = control)
  baseline <- if (is.null(p[["baseline", exact = TRUE]])) 7 else p[["baseline", exact = TRUE]]
  n <- nrow(s)
  first <- switch(control$method, C1 = baseline + 1, C2 = baseline + 3, C3 = baseline + 5)
  range <- if (is.null(p[["range", exact = TRUE]])) first:n else p[["range", exact = TRUE]]
  lag <- if (control$method == "C1") 0 else 2
  list(range = range, expected = baseline_mean(observed(s)[, 1], range, baseline, lag),
       upperbound = upperbound(r)[, 1], alarm = alarms(r)[, 1])
}

run_farrington <- function(s, p) {
  d <- sts2disProg(s)
  r <- suppressWarnings(algo.farrington(d, control = p))
  list(range = r$control$range, expected = r$control$pd[, 2],
       upperbound = r$upperbound[, 1], alarm = as.logical(r$alarm[, 1]))
}

run_flexible <- function(s, p) {
  r <- suppressWarnings(farringtonFlexible(s, control = p))
  b <- if (is.null(p[["b", exact = TRUE]])) 5 else p[["b", exact = TRUE]]
  w <- if (is.null(p[["w", exact = TRUE]])) 3 else p[["w", exact = TRUE]]
  range <- p[["range", exact = TRUE]]
  if (is.null(range)) range <- (52 * b + w + 1):nrow(s)
  list(range = range, expected = r@control$expected[, 1],
       upperbound = upperbound(r)[, 1], alarm = alarms(r)[, 1])
}

run_one <- function(d, method, p) {
  s <- make_sts(d)
  switch(method,
    earsC1 = , earsC2 = , earsC3 = run_ears(s, method, p),
    farrington = run_farrington(s, p),
    farringtonFlexible = run_flexible(s, p))
}

fmt <- function(x) ifelse(is.na(x), "", format(x, digits = 17, scientific = FALSE, trim = TRUE))
fmt_alarm <- function(x) ifelse(is.na(x), "", ifelse(x, "TRUE", "FALSE"))

main <- function() {
  a <- parse_args(commandArgs(trailingOnly = TRUE))
  data <- read.csv(a$input, colClasses = c(series = "character", period = "character"))
  key <- if (grepl("-", data$period[1])) data$period else as.integer(data$period)
  data <- data[order(data$series, key), ]
  series <- unique(read.csv(a$input, colClasses = "character")$series)
  elapsed <- 0
  out <- list()
  for (name in series) {
    d <- data[data$series == name, ]
    t0 <- proc.time()[["elapsed"]]
    r <- run_one(d, a$method, a$params)
    elapsed <- elapsed + proc.time()[["elapsed"]] - t0
    cnt <- ifelse(is.na(d$count), "", as.character(d$count))
    out[[name]] <- data.frame(series = name, period = d$period[r$range], count = cnt[r$range],
      expected = fmt(r$expected), upperbound = fmt(r$upperbound), alarm = fmt_alarm(r$alarm))
  }
  write.csv(do.call(rbind, out), a$out, row.names = FALSE, quote = FALSE)
  if (!is.null(a$timing)) writeLines(format(elapsed, digits = 6), a$timing)
}

main()

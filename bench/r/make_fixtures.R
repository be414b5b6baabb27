# Writes the reference fixtures of tests/detection: input series (own simulations and data
# sets shipped with surveillance) and, for every case of cases.csv, R's output through
# detect.R. Run from the repository root: Rscript bench/r/make_fixtures.R [--force]
# (without --force, cases whose output exists are not recomputed).
suppressMessages(library(surveillance))
fixtures <- "tests/detection/fixtures"
dir.create(file.path(fixtures, "inputs"), recursive = TRUE, showWarnings = FALSE)
dir.create(file.path(fixtures, "expected"), recursive = TRUE, showWarnings = FALSE)

write_input <- function(name, series, period, count, population = NULL) {
  d <- data.frame(series = series, period = period, count = count)
  if (!is.null(population)) d$population <- population
  write.csv(d, file.path(fixtures, "inputs", paste0(name, ".csv")), row.names = FALSE,
            quote = FALSE, na = "")
}

long_format <- function(name, mat, period, population = NULL) {
  n <- nrow(mat)
  cols <- if (is.null(colnames(mat))) paste0("s", seq_len(ncol(mat))) else colnames(mat)
  pop <- if (is.null(population)) NULL else as.vector(population)
  write_input(name, rep(cols, each = n), rep(period, ncol(mat)), as.vector(mat), pop)
}

simulate_own <- function(n) {
  t <- seq_len(n)
  season <- sin(2 * pi * t / 52) * 0.7 + cos(2 * pi * t / 52) * 0.3
  outbreak <- rnbinom(n, mu = exp(1.5 + season), size = 3)
  outbreak[c(100:103, 160:161, 220:224)] <- outbreak[c(100:103, 160:161, 220:224)] + 20
  outbreak[(n - 30):(n - 27)] <- outbreak[(n - 30):(n - 27)] + c(8, 15, 25, 12)
  cbind(seasonal = rpois(n, exp(1.8 + season)),
        trending = rpois(n, exp(0.5 + 0.005 * t + 0.5 * season)),
        sparse = rpois(n, 0.25),
        rare = rpois(n, 0.04),
        outbreak = outbreak,
        large = rpois(n, exp(5.3 + 0.4 * season)))
}

make_inputs <- function() {
  set.seed(2024)
  n <- 52 * 7
  own <- simulate_own(n)
  long_format("own_int", own, seq_len(n))
  mondays <- format(seq(as.Date("2010-01-04"), by = "week", length.out = n))
  long_format("own_date", own, mondays)
  with_na <- own[, c("seasonal", "outbreak", "sparse")]
  with_na[c(40, 150, 290, 300, 345, n), "seasonal"] <- NA
  with_na[c(5:12, 330), "outbreak"] <- NA
  with_na[c(280:300), "sparse"] <- NA
  long_format("own_na", with_na, seq_len(n))
  pop <- cbind(a = rep(c(50000, 60000, 75000, 90000), each = n / 4),
               b = round(20000 * exp(0.002 * seq_len(n))))
  counts <- matrix(rpois(2 * n, pop * 2e-4 * exp(0.4 * sin(2 * pi * seq_len(n) / 52))), n)
  colnames(counts) <- colnames(pop)
  long_format("own_pop", counts, seq_len(n), pop)
  short <- own[1:170, c("seasonal", "outbreak")]
  long_format("own_short", short, seq_len(170))
  long_format("own_short_date", short, mondays[1:170])
}

make_package_inputs <- function() {
  data(salmonella.agona, ha, shadar, stsNewport, salmNewport, campyDE)
  long_format("salmonella_agona", as.matrix(salmonella.agona$observed), seq_along(salmonella.agona$observed))
  ha_obs <- ha$observed
  long_format("ha", ha_obs, seq_len(nrow(ha_obs)))
  long_format("shadar", as.matrix(shadar$observed), seq_along(shadar$observed))
  long_format("stsNewport", observed(stsNewport), format(epoch(stsNewport)))
  long_format("salmNewport", observed(salmNewport), format(epoch(salmNewport)))
  long_format("campyDE", matrix(campyDE$case, ncol = 1, dimnames = list(NULL, "campyDE")),
              format(campyDE$date))
}

run_cases <- function() {
  cases <- read.csv(file.path(fixtures, "cases.csv"), colClasses = "character")
  for (i in seq_len(nrow(cases))) {
    cs <- cases[i, ]
    params <- if (nzchar(cs$params)) c("--param", strsplit(cs$params, " ")[[1]]) else NULL
    out <- file.path(fixtures, "expected", paste0(cs$case, ".csv"))
    if (file.exists(out) && !force) next
    args <- c("bench/r/detect.R", file.path(fixtures, "inputs", paste0(cs$input, ".csv")),
              "--method", cs$method, params, "--out", out)
    cat(cs$case, "\n")
    status <- system2("Rscript", shQuote(args))
    if (status != 0) stop("R failed on case ", cs$case)
  }
}

force <- "--force" %in% commandArgs(trailingOnly = TRUE)  # else keep existing outputs
make_inputs()
make_package_inputs()
run_cases()

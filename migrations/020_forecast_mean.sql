-- Expected arrivals per forecast hour (issue 16): the model's distribution mean beside its
-- quantiles. Sums over hours (72 h totals, the census, staffing, transfers) add means; the
-- whole-number median understates them (by 32 % at 25 arrivals a day). Runs stored before this
-- column existed keep NULL and are read as their p50.
ALTER TABLE forecasts ADD COLUMN mean double precision CHECK (mean >= 0);

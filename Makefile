# ilog: plain make; pkg-config finds libyaml, gpgme and expat.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# the report's stylesheet, template, pandoc filter and Word reference, and
# the sample log that ilog(7) loads into a store to try the programs
SHAREDIR ?= $(PREFIX)/share/ilog
# bash-completion loads completions/NAME on demand: one link per program
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
CC ?= cc
CFLAGS ?= -O2 -g
# Hardening, on unless you say otherwise (make HARDEN= HARDEN_LDFLAGS=)
HARDEN ?= -fstack-protector-strong -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2 -fPIE
HARDEN_LDFLAGS ?= -pie
PKGS = yaml-0.1 gpgme libgcrypt expat libzstd
ILOG_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -pthread $(shell pkg-config --cflags $(PKGS)) \
	-DILOG_SHAREDIR='"$(SHAREDIR)"'
ILOG_LIBS = -pthread $(shell pkg-config --libs $(PKGS))

ifeq ($(SAN),1)
CC = clang
CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -DILOG_SAN
# the sanitizers check every access; fortified copies would hide some
HARDEN = -fstack-protector-strong -fPIE
LDFLAGS += -fsanitize=address,undefined
endif

VERBS = init add ls scan show pick tag edit attach withdraw md json csv verify \
	seal import case
PROGS = $(addprefix bin/ilog-,$(VERBS)) bin/ilog
LIBOBJ = $(patsubst %.c,%.o,$(wildcard src/*.c))
LIBOBJ := $(filter-out src/ilog-%.o src/ilog.o,$(LIBOBJ))
UNITS = $(patsubst tests/unit-%.c,tests/unit-%,$(wildcard tests/unit-*.c))

all: $(PROGS)

# Objects remember whether they were built with sanitizers (SAN=1).
FLAVOR = $(if $(filter 1,$(SAN)),san,plain)
# (written when make reads this file: .SECONDARY would keep a FORCE rule
# from ever making the objects out of date)
ifneq ($(shell cat src/.flavor 2>/dev/null),$(FLAVOR))
$(shell echo $(FLAVOR) > src/.flavor)
endif

src/%.o: src/%.c src/ilog.h src/.flavor
	$(CC) $(ILOG_CFLAGS) $(HARDEN) $(CFLAGS) -c -o $@ $<

$(patsubst %.c,%.o,$(wildcard src/md.c src/md-*.c)): src/md.h
src/cache.o src/load.o tests/fuzz/obj/cache.o tests/fuzz/obj/load.o: src/cache.h

src/libilog.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(PROGS): bin/%: src/%.o src/libilog.a
	@mkdir -p bin
	$(CC) $(HARDEN_LDFLAGS) $(LDFLAGS) -o $@ $< src/libilog.a $(ILOG_LIBS)

tests/unit-%: tests/unit-%.c tests/tap.h src/libilog.a src/.flavor
	$(CC) $(ILOG_CFLAGS) $(HARDEN) $(CFLAGS) -Isrc $(HARDEN_LDFLAGS) $(LDFLAGS) -o $@ $< src/libilog.a $(ILOG_LIBS)

units: $(UNITS)

tests/bench-gen: tests/bench-gen.c src/libilog.a src/.flavor
	$(CC) $(ILOG_CFLAGS) $(HARDEN) $(CFLAGS) -Isrc $(HARDEN_LDFLAGS) $(LDFLAGS) -o $@ $< src/libilog.a $(ILOG_LIBS)

# make bench N=10000: speed against gpg and pass (store kept in /tmp/ilog-bench-N)
# make bench BENCH=import: only the import of a 5,000-message chat
# make bench BENCH=warm: no cold runs (N=100000: the warm lines in minutes)
N ?= 10000
bench: all tests/bench-gen
	N=$(N) BENCH=$(BENCH) sh tests/bench.sh

# Fuzz targets (tests/fuzz/NAME.c): libFuzzer builds for make fuzz, and
# replays of their corpora (tests/fuzz/NAME/) with $(CC) for make check.
FUZZ = record node when stored pick recipients whatsapp csv sms
FUZZ_SECONDS ?= 60
FUZZ_CC = clang
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -DILOG_SAN
FUZZ_WORK = tests/fuzz/work
FUZZ_OBJ = $(patsubst src/%.o,tests/fuzz/obj/%.o,$(LIBOBJ))
FUZZ_BINS = $(addprefix tests/fuzz/bin/fuzz-,$(FUZZ))
REPLAYS = $(addprefix tests/fuzz/bin/replay-,$(FUZZ))

tests/fuzz/obj/%.o: src/%.c src/ilog.h
	@mkdir -p tests/fuzz/obj
	$(FUZZ_CC) $(ILOG_CFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

tests/fuzz/obj/libilog.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $(FUZZ_OBJ)

tests/fuzz/bin/fuzz-%: tests/fuzz/%.c tests/fuzz/fuzz.h tests/fuzz/obj/libilog.a
	@mkdir -p tests/fuzz/bin
	$(FUZZ_CC) $(ILOG_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< \
		tests/fuzz/obj/libilog.a $(ILOG_LIBS)

tests/fuzz/bin/replay-%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
		src/libilog.a src/.flavor
	@mkdir -p tests/fuzz/bin
	$(CC) $(ILOG_CFLAGS) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
		src/libilog.a $(ILOG_LIBS)

replays: $(REPLAYS)

# The fault shim (tests/faults/shim.c), preloaded by the fault tests.
tests/faults/shim.so: tests/faults/shim.c
	$(CC) -std=c11 -D_GNU_SOURCE -Wall -Wextra -O2 -shared -fPIC -o $@ $< -ldl

fuzz-build: $(FUZZ_BINS)

# make fuzz FUZZ_SECONDS=N: each target for N seconds from its corpus. New
# inputs go to tests/fuzz/work/NAME/, a crash to tests/fuzz/work/NAME-crash-*,
# the whole output to tests/fuzz/work/NAME.log.
fuzz: $(FUZZ_BINS)
	@for t in $(FUZZ); do \
		mkdir -p $(FUZZ_WORK)/$$t || exit 1; \
		tests/fuzz/bin/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FUZZ_WORK)/$$t- -print_final_stats=1 \
			$(FUZZ_WORK)/$$t tests/fuzz/$$t > $(FUZZ_WORK)/$$t.log 2>&1; \
		rc=$$?; \
		echo "fuzz-$$t: $$(grep -E '^#[0-9]+' $(FUZZ_WORK)/$$t.log | \
			tail -n 1)"; \
		if [ $$rc -ne 0 ]; then \
			grep -E '^(==[0-9]+==|SUMMARY|artifact|.*invariant)' \
				$(FUZZ_WORK)/$$t.log; \
			exit 1; \
		fi; \
	done

# make fuzz-merge: keep what the runs found that adds coverage, minimised
fuzz-merge: $(FUZZ_BINS)
	for t in $(FUZZ); do \
		tests/fuzz/bin/fuzz-$$t -merge=1 tests/fuzz/$$t $(FUZZ_WORK)/$$t \
			|| exit 1; \
	done

TESTS = $(UNITS) tests/*.t
# The suite runs twice: now, and on a clock five years ahead, so that no test
# depends on today's date (libfaketime and ASan cannot share a process).
check: all units replays tests/faults/shim.so
	prove -j2 $(TESTS)
	$(if $(filter 1,$(SAN)),,$(MAKE) --no-print-directory check-dates)

check-dates: all units replays tests/faults/shim.so
	FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f '+5y' prove -j2 $(TESTS)

# Every call of every kind failing in turn, and kill -9 loops: minutes.
check-faults: all tests/faults/shim.so
	prove -v tests/faults/all.t

# Build and test dependencies, from Debian's packages; apt only when needed.
DEPS = gcc make pkg-config libyaml-dev libgpgme-dev libgcrypt20-dev \
	libexpat1-dev libzstd-dev zstd gnupg git mandoc cmark-gfm pandoc \
	weasyprint fonts-dejavu-core poppler-utils unzip python3-yaml strace valgrind clang \
	libclang-rt-14-dev pass time zsh faketime tmux vim nano
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

deps:
	@missing=$$(for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || \
		echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			$$missing; \
	else echo "all dependencies present"; fi

demo: all
	@sh tests/demo.sh

MAN1 = $(wildcard man/*.1)
MAN5 = $(wildcard man/*.5)
MAN7 = $(wildcard man/*.7)
SHARE = share/ilog/report.css share/ilog/report.html share/ilog/report.lua \
	share/ilog/reference.docx

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(SHAREDIR)
	install -m 0755 $(PROGS) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	install -m 0644 src/completions/ilog.bash $(DESTDIR)$(BASHCOMPDIR)/ilog
	for v in $(VERBS); do \
		ln -sf ilog $(DESTDIR)$(BASHCOMPDIR)/ilog-$$v || exit 1; \
	done
	install -m 0644 src/completions/_ilog $(DESTDIR)$(ZSHCOMPDIR)/_ilog
	install -m 0644 $(SHARE) $(DESTDIR)$(SHAREDIR)/
	install -m 0644 tests/sample.yaml $(DESTDIR)$(SHAREDIR)/sample.yaml

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGS))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7))) \
		$(DESTDIR)$(BASHCOMPDIR)/ilog \
		$(addprefix $(DESTDIR)$(BASHCOMPDIR)/ilog-,$(VERBS)) \
		$(DESTDIR)$(ZSHCOMPDIR)/_ilog \
		$(addprefix $(DESTDIR)$(SHAREDIR)/,$(notdir $(SHARE))) \
		$(DESTDIR)$(SHAREDIR)/sample.yaml
	-rmdir $(DESTDIR)$(SHAREDIR) 2>/dev/null

# make reference-docx: share/ilog/reference.docx again from pandoc's own
reference-docx:
	python3 share/make-reference-docx share/ilog/reference.docx

lint:
	mandoc -Tlint -W warning man/*.[157]

clean:
	rm -f src/*.o src/libilog.a src/.flavor $(UNITS) bin/ilog bin/ilog-*
	rm -rf tests/fuzz/bin tests/fuzz/obj tests/faults/shim.so

help:
	@echo "make            build the programs into bin/"
	@echo "make deps       install build and test dependencies (apt-get)"
	@echo "make demo       run the whole pipeline on a sample log"
	@echo "make check      build and run every test, now and five years ahead"
	@echo "                (SAN=1: with sanitizers, today only)"
	@echo "make check-faults  every write, fsync, link... failing in turn; kill loops"
	@echo "make check-dates  the tests on a clock five years ahead only"
	@echo "make fuzz       libFuzzer targets (clang), each FUZZ_SECONDS (60)"
	@echo "make fuzz-merge keep what make fuzz found that adds coverage"
	@echo "make bench      measure speed against gpg and pass"
	@echo "make install    install programs, man pages, bash/zsh completions and"
	@echo "                the sample log (PREFIX, DESTDIR, BASHCOMPDIR, ZSHCOMPDIR,"
	@echo "                SHAREDIR)"
	@echo "make uninstall  remove what make install put there (same variables)"
	@echo "                (HARDEN= HARDEN_LDFLAGS=: build without hardening)"
	@echo "make lint       check the man pages with mandoc"
	@echo "make clean      remove what make built"

.PHONY: reference-docx all units replays fuzz fuzz-build fuzz-merge check check-faults check-dates bench deps demo install uninstall lint clean help
.SECONDARY:

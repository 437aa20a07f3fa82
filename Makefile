# ilog: plain make; pkg-config finds libyaml and gpgme.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
CFLAGS ?= -O2 -g
PKGS = yaml-0.1 gpgme
ILOG_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -pthread $(shell pkg-config --cflags $(PKGS))
ILOG_LIBS = -pthread $(shell pkg-config --libs $(PKGS))

ifeq ($(SAN),1)
CC = clang
CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

VERBS = init add ls scan show
PROGS = $(addprefix bin/ilog-,$(VERBS)) bin/ilog
LIBOBJ = $(patsubst %.c,%.o,$(wildcard src/*.c))
LIBOBJ := $(filter-out src/ilog-%.o src/ilog.o,$(LIBOBJ))
UNITS = $(patsubst tests/unit-%.c,tests/unit-%,$(wildcard tests/unit-*.c))

all: $(PROGS)

src/%.o: src/%.c src/ilog.h
	$(CC) $(ILOG_CFLAGS) $(CFLAGS) -c -o $@ $<

src/libilog.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

bin/ilog-%: src/ilog-%.o src/libilog.a
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $< src/libilog.a $(ILOG_LIBS)

bin/ilog: src/ilog.o
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ src/ilog.o

tests/unit-%: tests/unit-%.c src/libilog.a
	$(CC) $(ILOG_CFLAGS) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< src/libilog.a $(ILOG_LIBS)

units: $(UNITS)

check: all units
	prove -v $(UNITS) tests/*.t 2>&1 | tail -n 40; prove $(UNITS) tests/*.t

.PHONY: all units check

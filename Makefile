# Installing and packaging ecoprodd (docs/OPERATIONS.md, section 2). Building and testing
# are scripts/build-release.sh and scripts/test.sh.
#
#   make install [DESTDIR=/stage] [PREFIX=/usr]   build (release) and install everything
#   make deb [VERSION=0.7.0+local1]               build/deb/ecoprodd_<version>_<arch>.deb

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: install deb
install:
	DESTDIR='$(DESTDIR)' PREFIX='$(PREFIX)' scripts/install.sh

deb:
	VERSION='$(VERSION)' scripts/build-deb.sh

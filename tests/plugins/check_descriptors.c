/*
 * check_descriptors.c -- a sanity check of the fixture build, not a host test:
 * loads each plugin given on the command line as the host does (RTLD_NOW |
 * RTLD_LOCAL), asks its entry point for a descriptor and prints what the
 * descriptor says. Fields are read only when struct_size covers them and the
 * major is this header's, as the host reads them, so truncated.so and
 * wrong-major.so print only their head.
 *
 * Exit status 1 when a file cannot be loaded, has no entry point or declines
 * ABI 1 (the entry returns NULL): none of the fixtures should.
 */
#include <dlfcn.h>
#include <stdio.h>

#include <ecoprod/plugin.h>

static void print_capabilities(const char *label, const char *const *names)
{
    printf(" %s=", label);
    if (!names) {
        printf("-");
        return;
    }
    for (size_t i = 0; names[i]; i++)
        printf("%s%s", i ? "," : "", names[i]);
}

static void print_descriptor(const ecoprod_plugin_descriptor *d)
{
    printf("struct_size=%u", d->struct_size);
    if (!ECOPROD_SIZE_COVERS(ecoprod_plugin_descriptor, d->struct_size, abi_minor)) {
        printf(" (too small to hold an ABI version)\n");
        return;
    }
    printf(" abi=%u.%u", d->abi_major, d->abi_minor);
    if (d->abi_major != ECOPROD_PLUGIN_ABI_MAJOR) {
        printf(" (another major: layout unknown)\n");
        return;
    }
    if (d->struct_size < ECOPROD_PLUGIN_DESCRIPTOR_MIN_SIZE) {
        printf(" (below the 1.0 size %u)\n", (unsigned)ECOPROD_PLUGIN_DESCRIPTOR_MIN_SIZE);
        return;
    }
    printf(" id=%s version=%s methods=%u", d->id, d->version, d->method_count);
    print_capabilities("provides", d->capabilities_provided);
    print_capabilities("requires", d->capabilities_required);
    printf(" descriptor_set=%zu bytes\n", d->descriptor_set_size);
    for (uint32_t i = 0; i < d->method_count; i++) {
        const ecoprod_method *m =
            (const ecoprod_method *)((const char *)d->methods + (size_t)i * d->method_struct_size);
        printf("  method %u: %s role=%u kind=%u flags=%#x\n", i, m->name, m->required_role,
               m->kind, m->flags);
    }
}

int main(int argc, char **argv)
{
    int failures = 0;
    for (int i = 1; i < argc; i++) {
        printf("%s: ", argv[i]);
        void *library = dlopen(argv[i], RTLD_NOW | RTLD_LOCAL);
        if (!library) {
            printf("FAIL: %s\n", dlerror());
            failures++;
            continue;
        }
        ecoprod_plugin_entry_fn entry =
            (ecoprod_plugin_entry_fn)dlsym(library, ECOPROD_PLUGIN_ENTRY_SYMBOL);
        const ecoprod_plugin_descriptor *descriptor =
            entry ? entry(ECOPROD_PLUGIN_ABI_MAJOR, ECOPROD_PLUGIN_ABI_MINOR) : NULL;
        if (!descriptor) {
            printf("FAIL: %s\n", entry ? "the entry point returned NULL"
                                       : "no " ECOPROD_PLUGIN_ENTRY_SYMBOL);
            failures++;
            continue;
        }
        print_descriptor(descriptor);
    }
    return failures ? 1 : 0;
}

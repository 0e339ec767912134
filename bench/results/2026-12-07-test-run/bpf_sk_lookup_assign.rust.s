
/skl/build-rust/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff819e2f20 <bpf_sk_lookup_assign>:
ffffffff819e2f20:      	endbr64
ffffffff819e2f24:      	mov	rax, -0x16
ffffffff819e2f2b:      	cmp	rdx, 0x3
ffffffff819e2f2f:      	ja	0xffffffff819e2feb <bpf_sk_lookup_assign+0xcb>
ffffffff819e2f35:      	test	rsi, rsi
ffffffff819e2f38:      	je	0xffffffff819e2fd8 <bpf_sk_lookup_assign+0xb8>
ffffffff819e2f3e:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819e2f42:      	mov	rax, -0x5e
ffffffff819e2f49:      	mov	r8d, 0xffffefbf
ffffffff819e2f4f:      	bt	r8d, ecx
ffffffff819e2f53:      	jae	0xffffffff819e2feb <bpf_sk_lookup_assign+0xcb>
ffffffff819e2f59:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff819e2f61:      	je	0xffffffff819e2feb <bpf_sk_lookup_assign+0xcb>
ffffffff819e2f67:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819e2f6b:      	and	ecx, -0x9
ffffffff819e2f6e:      	cmp	cx, 0x2
ffffffff819e2f72:      	jne	0xffffffff819e2f91 <bpf_sk_lookup_assign+0x71>
ffffffff819e2f74:      	cmp	word ptr [rsi + 0x206], 0x1
ffffffff819e2f7c:      	jne	0xffffffff819e2f91 <bpf_sk_lookup_assign+0x71>
ffffffff819e2f7e:      	cmp	word ptr [rsi + 0x204], 0x6
ffffffff819e2f86:      	jne	0xffffffff819e2f91 <bpf_sk_lookup_assign+0x71>
ffffffff819e2f88:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819e2f8c:      	cmp	cl, 0xa
ffffffff819e2f8f:      	jne	0xffffffff819e2feb <bpf_sk_lookup_assign+0xcb>
ffffffff819e2f91:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819e2f95:      	and	ecx, -0x9
ffffffff819e2f98:      	cmp	cx, 0x2
ffffffff819e2f9c:      	jne	0xffffffff819e2fbb <bpf_sk_lookup_assign+0x9b>
ffffffff819e2f9e:      	cmp	word ptr [rsi + 0x206], 0x2
ffffffff819e2fa6:      	jne	0xffffffff819e2fbb <bpf_sk_lookup_assign+0x9b>
ffffffff819e2fa8:      	cmp	word ptr [rsi + 0x204], 0x11
ffffffff819e2fb0:      	jne	0xffffffff819e2fbb <bpf_sk_lookup_assign+0x9b>
ffffffff819e2fb2:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819e2fb6:      	cmp	cl, 0x7
ffffffff819e2fb9:      	jne	0xffffffff819e2feb <bpf_sk_lookup_assign+0xcb>
ffffffff819e2fbb:      	movzx	ecx, word ptr [rsi + 0x204]
ffffffff819e2fc2:      	mov	rax, -0x5b
ffffffff819e2fc9:      	cmp	cx, word ptr [rdi + 0x2]
ffffffff819e2fcd:      	jne	0xffffffff819e2feb <bpf_sk_lookup_assign+0xcb>
ffffffff819e2fcf:      	movzx	eax, word ptr [rsi + 0x10]
ffffffff819e2fd3:      	cmp	ax, word ptr [rdi]
ffffffff819e2fd6:      	jne	0xffffffff819e3005 <bpf_sk_lookup_assign+0xe5>
ffffffff819e2fd8:      	test	dl, 0x1
ffffffff819e2fdb:      	jne	0xffffffff819e2ff1 <bpf_sk_lookup_assign+0xd1>
ffffffff819e2fdd:      	mov	rax, -0x11
ffffffff819e2fe4:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff819e2fe9:      	je	0xffffffff819e2ff1 <bpf_sk_lookup_assign+0xd1>
ffffffff819e2feb:      	jmp	0xffffffff81b93230 <__x86_return_thunk>
ffffffff819e2ff1:      	cmp	rdx, 0x2
ffffffff819e2ff5:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff819e2ff9:      	setae	byte ptr [rdi + 0x2c]
ffffffff819e2ffd:      	xor	eax, eax
ffffffff819e2fff:      	jmp	0xffffffff81b93230 <__x86_return_thunk>
ffffffff819e3005:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819e3009:      	mov	rax, -0x61
ffffffff819e3010:      	cmp	cx, 0x2
ffffffff819e3014:      	je	0xffffffff819e2feb <bpf_sk_lookup_assign+0xcb>
ffffffff819e3016:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff819e301a:      	je	0xffffffff819e2fd8 <bpf_sk_lookup_assign+0xb8>
ffffffff819e301c:      	jmp	0xffffffff819e2feb <bpf_sk_lookup_assign+0xcb>
ffffffff819e301e:      	nop

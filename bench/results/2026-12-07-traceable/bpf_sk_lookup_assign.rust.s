
/skl/build-rust/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff819e6a20 <bpf_sk_lookup_assign_rust>:
ffffffff819e6a20:      	endbr64
ffffffff819e6a24:      	mov	rax, -0x16
ffffffff819e6a2b:      	cmp	rdx, 0x3
ffffffff819e6a2f:      	ja	0xffffffff819e6aeb <bpf_sk_lookup_assign_rust+0xcb>
ffffffff819e6a35:      	test	rsi, rsi
ffffffff819e6a38:      	je	0xffffffff819e6ad8 <bpf_sk_lookup_assign_rust+0xb8>
ffffffff819e6a3e:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819e6a42:      	mov	rax, -0x5e
ffffffff819e6a49:      	mov	r8d, 0xffffefbf
ffffffff819e6a4f:      	bt	r8d, ecx
ffffffff819e6a53:      	jae	0xffffffff819e6aeb <bpf_sk_lookup_assign_rust+0xcb>
ffffffff819e6a59:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff819e6a61:      	je	0xffffffff819e6aeb <bpf_sk_lookup_assign_rust+0xcb>
ffffffff819e6a67:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819e6a6b:      	and	ecx, -0x9
ffffffff819e6a6e:      	cmp	cx, 0x2
ffffffff819e6a72:      	jne	0xffffffff819e6a91 <bpf_sk_lookup_assign_rust+0x71>
ffffffff819e6a74:      	cmp	word ptr [rsi + 0x206], 0x1
ffffffff819e6a7c:      	jne	0xffffffff819e6a91 <bpf_sk_lookup_assign_rust+0x71>
ffffffff819e6a7e:      	cmp	word ptr [rsi + 0x204], 0x6
ffffffff819e6a86:      	jne	0xffffffff819e6a91 <bpf_sk_lookup_assign_rust+0x71>
ffffffff819e6a88:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819e6a8c:      	cmp	cl, 0xa
ffffffff819e6a8f:      	jne	0xffffffff819e6aeb <bpf_sk_lookup_assign_rust+0xcb>
ffffffff819e6a91:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819e6a95:      	and	ecx, -0x9
ffffffff819e6a98:      	cmp	cx, 0x2
ffffffff819e6a9c:      	jne	0xffffffff819e6abb <bpf_sk_lookup_assign_rust+0x9b>
ffffffff819e6a9e:      	cmp	word ptr [rsi + 0x206], 0x2
ffffffff819e6aa6:      	jne	0xffffffff819e6abb <bpf_sk_lookup_assign_rust+0x9b>
ffffffff819e6aa8:      	cmp	word ptr [rsi + 0x204], 0x11
ffffffff819e6ab0:      	jne	0xffffffff819e6abb <bpf_sk_lookup_assign_rust+0x9b>
ffffffff819e6ab2:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819e6ab6:      	cmp	cl, 0x7
ffffffff819e6ab9:      	jne	0xffffffff819e6aeb <bpf_sk_lookup_assign_rust+0xcb>
ffffffff819e6abb:      	movzx	ecx, word ptr [rsi + 0x204]
ffffffff819e6ac2:      	mov	rax, -0x5b
ffffffff819e6ac9:      	cmp	cx, word ptr [rdi + 0x2]
ffffffff819e6acd:      	jne	0xffffffff819e6aeb <bpf_sk_lookup_assign_rust+0xcb>
ffffffff819e6acf:      	movzx	eax, word ptr [rsi + 0x10]
ffffffff819e6ad3:      	cmp	ax, word ptr [rdi]
ffffffff819e6ad6:      	jne	0xffffffff819e6b05 <bpf_sk_lookup_assign_rust+0xe5>
ffffffff819e6ad8:      	test	dl, 0x1
ffffffff819e6adb:      	jne	0xffffffff819e6af1 <bpf_sk_lookup_assign_rust+0xd1>
ffffffff819e6add:      	mov	rax, -0x11
ffffffff819e6ae4:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff819e6ae9:      	je	0xffffffff819e6af1 <bpf_sk_lookup_assign_rust+0xd1>
ffffffff819e6aeb:      	jmp	0xffffffff81b93470 <__x86_return_thunk>
ffffffff819e6af1:      	cmp	rdx, 0x2
ffffffff819e6af5:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff819e6af9:      	setae	byte ptr [rdi + 0x2c]
ffffffff819e6afd:      	xor	eax, eax
ffffffff819e6aff:      	jmp	0xffffffff81b93470 <__x86_return_thunk>
ffffffff819e6b05:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819e6b09:      	mov	rax, -0x61
ffffffff819e6b10:      	cmp	cx, 0x2
ffffffff819e6b14:      	je	0xffffffff819e6aeb <bpf_sk_lookup_assign_rust+0xcb>
ffffffff819e6b16:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff819e6b1a:      	je	0xffffffff819e6ad8 <bpf_sk_lookup_assign_rust+0xb8>
ffffffff819e6b1c:      	jmp	0xffffffff819e6aeb <bpf_sk_lookup_assign_rust+0xcb>
ffffffff819e6b1e:      	nop

ffffffff819e7bc0 <bpf_sk_lookup_assign>:
ffffffff819e7bc0:      	endbr64
ffffffff819e7bc4:      	nop	dword ptr [rax + rax]
ffffffff819e7bc9:      	jmp	0xffffffff819e6a20 <bpf_sk_lookup_assign_rust>
ffffffff819e7bce:      	nop


/skl/build-c/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff81b557e0 <bpf_sk_lookup_assign>:
ffffffff81b557e0:      	endbr64
ffffffff81b557e4:      	nop	dword ptr [rax + rax]
ffffffff81b557e9:      	cmp	rdx, 0x3
ffffffff81b557ed:      	ja	0xffffffff81b558dd <bpf_sk_lookup_assign+0xfd>
ffffffff81b557f3:      	test	rsi, rsi
ffffffff81b557f6:      	je	0xffffffff81b5589b <bpf_sk_lookup_assign+0xbb>
ffffffff81b557fc:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b55800:      	mov	rax, -0x5e
ffffffff81b55807:      	mov	r8d, 0xffffefbf
ffffffff81b5580d:      	bt	r8d, ecx
ffffffff81b55811:      	jae	0xffffffff81b558ae <bpf_sk_lookup_assign+0xce>
ffffffff81b55817:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff81b5581f:      	je	0xffffffff81b558ae <bpf_sk_lookup_assign+0xce>
ffffffff81b55825:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b55829:      	and	ecx, -0x9
ffffffff81b5582c:      	cmp	cx, 0x2
ffffffff81b55830:      	jne	0xffffffff81b5584f <bpf_sk_lookup_assign+0x6f>
ffffffff81b55832:      	cmp	word ptr [rsi + 0x216], 0x1
ffffffff81b5583a:      	jne	0xffffffff81b5584f <bpf_sk_lookup_assign+0x6f>
ffffffff81b5583c:      	cmp	word ptr [rsi + 0x214], 0x6
ffffffff81b55844:      	jne	0xffffffff81b5584f <bpf_sk_lookup_assign+0x6f>
ffffffff81b55846:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b5584a:      	cmp	cl, 0xa
ffffffff81b5584d:      	jne	0xffffffff81b558ae <bpf_sk_lookup_assign+0xce>
ffffffff81b5584f:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b55853:      	mov	r8d, ecx
ffffffff81b55856:      	and	r8d, -0x9
ffffffff81b5585a:      	cmp	r8w, 0x2
ffffffff81b5585f:      	jne	0xffffffff81b55880 <bpf_sk_lookup_assign+0xa0>
ffffffff81b55861:      	cmp	word ptr [rsi + 0x216], 0x2
ffffffff81b55869:      	jne	0xffffffff81b55880 <bpf_sk_lookup_assign+0xa0>
ffffffff81b5586b:      	cmp	word ptr [rsi + 0x214], 0x11
ffffffff81b55873:      	jne	0xffffffff81b55880 <bpf_sk_lookup_assign+0xa0>
ffffffff81b55875:      	movzx	r8d, byte ptr [rsi + 0x12]
ffffffff81b5587a:      	cmp	r8b, 0x7
ffffffff81b5587e:      	jne	0xffffffff81b558ae <bpf_sk_lookup_assign+0xce>
ffffffff81b55880:      	movzx	r8d, word ptr [rsi + 0x214]
ffffffff81b55888:      	mov	rax, -0x5b
ffffffff81b5588f:      	cmp	r8w, word ptr [rdi + 0x2]
ffffffff81b55894:      	jne	0xffffffff81b558ae <bpf_sk_lookup_assign+0xce>
ffffffff81b55896:      	cmp	cx, word ptr [rdi]
ffffffff81b55899:      	jne	0xffffffff81b558c8 <bpf_sk_lookup_assign+0xe8>
ffffffff81b5589b:      	test	dl, 0x1
ffffffff81b5589e:      	jne	0xffffffff81b558b4 <bpf_sk_lookup_assign+0xd4>
ffffffff81b558a0:      	mov	rax, -0x11
ffffffff81b558a7:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff81b558ac:      	je	0xffffffff81b558b4 <bpf_sk_lookup_assign+0xd4>
ffffffff81b558ae:      	jmp	0xffffffff81d57d70 <__x86_return_thunk>
ffffffff81b558b4:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff81b558b8:      	cmp	rdx, 0x2
ffffffff81b558bc:      	setae	byte ptr [rdi + 0x2c]
ffffffff81b558c0:      	xor	eax, eax
ffffffff81b558c2:      	jmp	0xffffffff81d57d70 <__x86_return_thunk>
ffffffff81b558c8:      	mov	rax, -0x61
ffffffff81b558cf:      	cmp	cx, 0x2
ffffffff81b558d3:      	je	0xffffffff81b558ae <bpf_sk_lookup_assign+0xce>
ffffffff81b558d5:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff81b558d9:      	je	0xffffffff81b5589b <bpf_sk_lookup_assign+0xbb>
ffffffff81b558db:      	jmp	0xffffffff81b558ae <bpf_sk_lookup_assign+0xce>
ffffffff81b558dd:      	mov	rax, -0x16
ffffffff81b558e4:      	jmp	0xffffffff81d57d70 <__x86_return_thunk>
ffffffff81b558ea:      	nop	word ptr [rax + rax]


/skl/build-rust/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff819e2760 <bpf_sk_lookup_assign>:
ffffffff819e2760:      	endbr64
ffffffff819e2764:      	mov	rax, -0x16
ffffffff819e276b:      	cmp	rdx, 0x3
ffffffff819e276f:      	ja	0xffffffff819e282b <bpf_sk_lookup_assign+0xcb>
ffffffff819e2775:      	test	rsi, rsi
ffffffff819e2778:      	je	0xffffffff819e2818 <bpf_sk_lookup_assign+0xb8>
ffffffff819e277e:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819e2782:      	mov	rax, -0x5e
ffffffff819e2789:      	mov	r8d, 0xffffefbf
ffffffff819e278f:      	bt	r8d, ecx
ffffffff819e2793:      	jae	0xffffffff819e282b <bpf_sk_lookup_assign+0xcb>
ffffffff819e2799:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff819e27a1:      	je	0xffffffff819e282b <bpf_sk_lookup_assign+0xcb>
ffffffff819e27a7:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819e27ab:      	and	ecx, -0x9
ffffffff819e27ae:      	cmp	cx, 0x2
ffffffff819e27b2:      	jne	0xffffffff819e27d1 <bpf_sk_lookup_assign+0x71>
ffffffff819e27b4:      	cmp	word ptr [rsi + 0x206], 0x1
ffffffff819e27bc:      	jne	0xffffffff819e27d1 <bpf_sk_lookup_assign+0x71>
ffffffff819e27be:      	cmp	word ptr [rsi + 0x204], 0x6
ffffffff819e27c6:      	jne	0xffffffff819e27d1 <bpf_sk_lookup_assign+0x71>
ffffffff819e27c8:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819e27cc:      	cmp	cl, 0xa
ffffffff819e27cf:      	jne	0xffffffff819e282b <bpf_sk_lookup_assign+0xcb>
ffffffff819e27d1:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819e27d5:      	and	ecx, -0x9
ffffffff819e27d8:      	cmp	cx, 0x2
ffffffff819e27dc:      	jne	0xffffffff819e27fb <bpf_sk_lookup_assign+0x9b>
ffffffff819e27de:      	cmp	word ptr [rsi + 0x206], 0x2
ffffffff819e27e6:      	jne	0xffffffff819e27fb <bpf_sk_lookup_assign+0x9b>
ffffffff819e27e8:      	cmp	word ptr [rsi + 0x204], 0x11
ffffffff819e27f0:      	jne	0xffffffff819e27fb <bpf_sk_lookup_assign+0x9b>
ffffffff819e27f2:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819e27f6:      	cmp	cl, 0x7
ffffffff819e27f9:      	jne	0xffffffff819e282b <bpf_sk_lookup_assign+0xcb>
ffffffff819e27fb:      	movzx	ecx, word ptr [rsi + 0x204]
ffffffff819e2802:      	mov	rax, -0x5b
ffffffff819e2809:      	cmp	cx, word ptr [rdi + 0x2]
ffffffff819e280d:      	jne	0xffffffff819e282b <bpf_sk_lookup_assign+0xcb>
ffffffff819e280f:      	movzx	eax, word ptr [rsi + 0x10]
ffffffff819e2813:      	cmp	ax, word ptr [rdi]
ffffffff819e2816:      	jne	0xffffffff819e2845 <bpf_sk_lookup_assign+0xe5>
ffffffff819e2818:      	test	dl, 0x1
ffffffff819e281b:      	jne	0xffffffff819e2831 <bpf_sk_lookup_assign+0xd1>
ffffffff819e281d:      	mov	rax, -0x11
ffffffff819e2824:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff819e2829:      	je	0xffffffff819e2831 <bpf_sk_lookup_assign+0xd1>
ffffffff819e282b:      	jmp	0xffffffff81b925f0 <__x86_return_thunk>
ffffffff819e2831:      	cmp	rdx, 0x2
ffffffff819e2835:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff819e2839:      	setae	byte ptr [rdi + 0x2c]
ffffffff819e283d:      	xor	eax, eax
ffffffff819e283f:      	jmp	0xffffffff81b925f0 <__x86_return_thunk>
ffffffff819e2845:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819e2849:      	mov	rax, -0x61
ffffffff819e2850:      	cmp	cx, 0x2
ffffffff819e2854:      	je	0xffffffff819e282b <bpf_sk_lookup_assign+0xcb>
ffffffff819e2856:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff819e285a:      	je	0xffffffff819e2818 <bpf_sk_lookup_assign+0xb8>
ffffffff819e285c:      	jmp	0xffffffff819e282b <bpf_sk_lookup_assign+0xcb>
ffffffff819e285e:      	nop
